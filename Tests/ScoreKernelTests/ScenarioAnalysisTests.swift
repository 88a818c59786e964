import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

/// SPEC §9: the figures of a scenario analysis — grade counts and moves, Spearman's ρ, exact rank
/// quantiles, top/bottom-k overlap, department ranks, sensitivity — against hand computations and
/// brute-force oracles; and bitwise identity across threads and shards.
@Suite struct ScenarioAnalysisTests {
    // MARK: Both passes on a test matrix

    /// What the two passes of one period found, and every rounded score (for oracles).
    struct Passes {
        /// units[p][m], from ``ScoreCollector``.
        var units: [[Int64]]
        var histograms: ScoreHistograms
        var ranks: ScenarioRanks
        var period: PeriodScenarioResults
    }

    /// Runs the first pass (``ScoreHistograms``) and the second (``ScenarioRanks``) directly, the
    /// way ``ScenarioAnalysis`` does, over a level-1 test matrix with the baseline `totals`.
    static func passes(
        achievement c: [Double], presence: [Double], vectors: [[Double]], totals: [Int64], departments: [Int32],
        departmentCount: Int, sampled: Range<Int> = 0..<0, topK: Int = 10, threads: Int = 1, blockRows: Int = 512,
        blockScenarios: Int = 64, scheme: Scheme = Scheme()
    ) -> Passes {
        let matrix = CategoryMatrix(testAchievement: c, presence: presence)
        let n = matrix.projectCount
        let bands = GradeScale(bands: scheme.grades, precision: scheme.precision)
        let set = ScenarioSet(names: vectors.indices.map { "s\($0)" }, vectors: vectors,
                              grades: Array(repeating: bands, count: vectors.count))
        var engine = ScenarioEngine(matrix: matrix, scheme: scheme, threads: threads)
        engine.blockRows = blockRows
        engine.blockScenarios = blockScenarios
        let collected = engine.run(set) { ScoreCollector(count: n, scenarios: set.count) }
        let units = (0..<n).map { p in Array(collected.units[(p * set.count)..<((p + 1) * set.count)]) }
        let histograms = engine.run(set, order: .scenariosFirst) {
            ScoreHistograms(projects: n, scenarios: set, maximumUnits: engine.maximumUnits)
        }
        let baseline = PeriodBaseline(totals: totals, grades: totals.map { UInt8(bands.grade(units: $0)) }, departments: departments,
                                      departmentCount: departmentCount)
        let k = set.categoryCount
        let bins = sampled.isEmpty ? nil
            : SensitivityBins(weights: set.weights[(sampled.lowerBound * k)..<(sampled.upperBound * k)], categories: k)
        let tables = histograms.tables()
        let ranks = engine.run(set, order: .projectsFirst) {
            ScenarioRanks(tables: tables, baseline: baseline, scenarios: set, sampled: sampled, bins: bins, schemeIndex: 1, topK: topK)
        }
        var departmentProjects = [Int](repeating: 0, count: departmentCount)
        var departmentBaseline = [Int64](repeating: 0, count: departmentCount)
        for p in 0..<n {
            departmentProjects[Int(departments[p])] += 1
            departmentBaseline[Int(departments[p])] += totals[p]
        }
        let baselineSquares = baseline.twiceAverageRank.reduce(Int128(0)) { $0 + Int128($1) * Int128($1) }
        let period = PeriodScenarioResults(
            period: "2024", projectCount: n, departments: (0..<departmentCount).map { "D\($0)" }, departmentProjects: departmentProjects,
            departmentBaselineSums: departmentBaseline, sums: histograms.sum, gradeCounts: histograms.gradeCounts,
            squaredRanks: WideIntegers(histograms.squaredRanks), baselineSquares: WideIntegers([baselineSquares]),
            cross: WideIntegers(ranks.cross), movedUp: ranks.movedUp, movedDown: ranks.movedDown, topOverlap: ranks.topOverlap,
            bottomOverlap: ranks.bottomOverlap, departmentSums: ranks.departmentSums, shareSums: WideIntegers(ranks.shareSums),
            shareProjects: ranks.shareProjects, rows: ProjectRows())
        return Passes(units: units, histograms: histograms, ranks: ranks, period: period)
    }

    // MARK: 1. Grade counts, n_up, n_down by hand

    /// Five projects, three scenarios, default bands (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below):
    ///
    ///     C (output, benefit, satisfaction, execution)   s0 50/30/10/10   s1 25/25/25/25   s2 70/10/10/10
    ///     P0 1.0 0.8 0.9 1.0   50+24+9+10 = 93.00 优    25+20+22.5+25 = 92.50 优    70+8+9+10 = 97.00 优
    ///     P1 0.6 1.0 1.0 1.0   30+30+10+10 = 80.00 良   15+25+25+25 = 90.00 优      42+10+10+10 = 72.00 中
    ///     P2 0.8 0.5 0.6 0.9   40+15+6+9 = 70.00 中     20+12.5+15+22.5 = 70.00 中  56+5+6+9 = 76.00 中
    ///     P3 0.4 0.3 0.5 0.5   20+9+5+5 = 39.00 差      10+7.5+12.5+12.5 = 42.50 差 28+3+5+5 = 41.00 差
    ///     P4 0.9 0.9  —  1.0   (45+27+10)·100/90 = 91.11 优   (22.5+22.5+25)·100/75 = 93.33 优   (63+9+10)·100/90 = 91.11 优
    ///
    /// (P4 lacks satisfaction: renormalised by P·W.) Baseline totals 93.00 优, 85.00 良, 70.00 中,
    /// 59.00 差, 90.00 优.
    @Test func gradeCountsAndMovesByHand() {
        let r = Self.passes(
            achievement: [1.0, 0.8, 0.9, 1.0, 0.6, 1.0, 1.0, 1.0, 0.8, 0.5, 0.6, 0.9, 0.4, 0.3, 0.5, 0.5, 0.9, 0.9, 0, 1.0],
            presence: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1],
            vectors: [[50, 30, 10, 10], [25, 25, 25, 25], [70, 10, 10, 10]],
            totals: [9300, 8500, 7000, 5900, 9000], departments: [0, 0, 1, 1, 1], departmentCount: 2)
        #expect(r.units == [[9300, 9250, 9700], [8000, 9000, 7200], [7000, 7000, 7600], [3900, 4250, 4100], [9111, 9333, 9111]])
        // s0: 优 P0 P4, 良 P1, 中 P2, 差 P3 — every grade as the baseline's.
        // s1: 优 P0 P1 P4, 中 P2, 差 P3 — P1 良 → 优: one up.
        // s2: 优 P0 P4, 中 P1 P2, 差 P3 — P1 良 → 中: one down.
        #expect(r.histograms.gradeCounts == [2, 1, 1, 1, 3, 0, 1, 1, 2, 0, 2, 1])
        #expect(r.ranks.movedUp == [0, 1, 0])
        #expect(r.ranks.movedDown == [0, 0, 1])
        // Sums (means × 5): s0 9300 + 8000 + 7000 + 3900 + 9111 = 37311 (74.622); s1 9250 + 9000 + 7000 + 4250 + 9333
        // = 38833; s2 9700 + 7200 + 7600 + 4100 + 9111 = 37711.
        #expect(r.histograms.sum == [37311, 38833, 37711])
        // Departments D0 = {P0, P1}, D1 = {P2, P3, P4}: s0 sums 17300 and 20011 (means 86.5, 66.7): ranks 1, 2.
        #expect(Array(r.ranks.departmentSums[0..<2]) == [17300, 20011])
        #expect(r.period.departmentRanks(0) == [1, 2])
        // The `scheme` scenario is index 1: its scores and grades per project.
        #expect(r.ranks.schemeUnits == [9250, 9000, 7000, 4250, 9333])
        #expect(r.ranks.schemeGrade == [0, 0, 2, 3, 0])
        // Top 2 of the baseline: P0 (93), P4 (90). s2's top 2: P0 (97), P4 (91.11) → 2; s1's: P4, P0 → 2;
        // s0's: P0, P4 → 2. Bottom 2 of the baseline: P3 (59), P2 (70); every scenario's bottom two
        // are P3 and one of P2/P1: s0 P3 39, P2 70 → 2; s1 P3 42.5, P2 70 → 2; s2 P3 41, P1 72 → 1.
        let k2 = Self.passes(
            achievement: [1.0, 0.8, 0.9, 1.0, 0.6, 1.0, 1.0, 1.0, 0.8, 0.5, 0.6, 0.9, 0.4, 0.3, 0.5, 0.5, 0.9, 0.9, 0, 1.0],
            presence: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1],
            vectors: [[50, 30, 10, 10], [25, 25, 25, 25], [70, 10, 10, 10]],
            totals: [9300, 8500, 7000, 5900, 9000], departments: [0, 0, 1, 1, 1], departmentCount: 2, topK: 2)
        #expect(k2.ranks.topOverlap == [2, 2, 2])
        #expect(k2.ranks.bottomOverlap == [2, 2, 1])
    }

    // MARK: 2. Spearman's ρ with ties by hand

    /// Five projects under 25/25/25/25 (score = 25 · Σ C):
    ///
    ///     A C = 1,1,1,1         → 100     scenario rank 1      baseline 90.00 → rank 2
    ///     B C = .8,.8,.8,.8     → 80      rank 2.5 (tie)       baseline 95.00 → rank 1
    ///     C C = 1,.6,.8,.8      → 80      rank 2.5 (tie)       baseline 70.00 → rank 3.5 (tie)
    ///     D C = .4,.4,.4,.4     → 40      rank 5               baseline 70.00 → rank 3.5 (tie)
    ///     E C = .6,.6,.6,.6     → 60      rank 4               baseline 60.00 → rank 5
    ///
    /// Mean rank 3. dx = −2, −0.5, −0.5, 2, 1; dy = −1, −2, 0.5, 0.5, 2.
    /// Σ dx·dy = 2 + 1 − 0.25 + 1 + 2 = 5.75; Σ dx² = 4 + .25 + .25 + 4 + 1 = 9.5; Σ dy² = 1 + 4 + .25 + .25 + 4 = 9.5.
    /// ρ = 5.75 / √(9.5 · 9.5) = 23/38 = 0.60526315789…
    ///
    /// Scenarios 1 (execution only) and 2 (satisfaction only) see C = 1, .8, .8, .4, .6: the same
    /// ranking, ρ = 23/38 too. A scenario where every project ties has no ρ (nil).
    @Test func spearmanWithTiesByHand() {
        let r = Self.passes(
            achievement: [1, 1, 1, 1, 0.8, 0.8, 0.8, 0.8, 1, 0.6, 0.8, 0.8, 0.4, 0.4, 0.4, 0.4, 0.6, 0.6, 0.6, 0.6],
            presence: [Double](repeating: 1, count: 20),
            vectors: [[25, 25, 25, 25], [0, 0, 0, 100], [0, 0, 100, 0]],
            totals: [9000, 9500, 7000, 7000, 6000], departments: [0, 0, 0, 0, 0], departmentCount: 1)
        #expect(r.units.map { $0[0] } == [10000, 8000, 8000, 4000, 6000])
        #expect(abs((r.period.spearman(0) ?? 0) - 23.0 / 38.0) < 1e-14)
        #expect(abs((r.period.spearman(1) ?? 0) - 23.0 / 38.0) < 1e-14)
        #expect(abs((r.period.spearman(2) ?? 0) - 23.0 / 38.0) < 1e-14)
        // All tied: three projects with benefit 1, under 0/100/0/0 all at 100.
        let flat = Self.passes(
            achievement: [1, 1, 0, 1, 0.5, 1, 0, 1, 0.2, 1, 1, 1], presence: [Double](repeating: 1, count: 12),
            vectors: [[0, 100, 0, 0], [100, 0, 0, 0]], totals: [9000, 8000, 7000], departments: [0, 0, 0], departmentCount: 1)
        #expect(flat.period.spearman(0) == nil)
        // Scenario 1: output 1, .5, .2 → ranks 1, 2, 3 as the baseline's: ρ = 1.
        #expect(abs((flat.period.spearman(1) ?? 0) - 1) < 1e-15)
    }

    // MARK: 3, 4. Rank quantiles, overlaps, departments, ρ against brute force

    /// Type-7 quantiles × 100 of `values` at `percents`, by sorting: h = (n − 1)·p/100, j = ⌊h⌋,
    /// x_j + (h − j)(x_{j+1} − x_j), all × 100 in integers.
    static func type7(_ values: [Int32], _ percents: [Int] = [50, 5, 95]) -> [Int64] {
        let s = values.sorted()
        return percents.map { percent in
            let h = (s.count - 1) * percent
            let j = h / 100, f = Int64(h % 100)
            return f == 0 ? Int64(s[j]) * 100 : Int64(s[j]) * 100 + f * (Int64(s[j + 1]) - Int64(s[j]))
        }
    }

    /// For each value, how many values are strictly above it and how many equal it (by sorting and
    /// binary search).
    static func aboveAndTied(_ v: [Int64]) -> [(above: Int, tied: Int)] {
        let s = v.sorted(by: >)
        /// The first position of sorted `s` whose value is not above `x` (`strictly`: not ≥ x).
        func boundary(_ x: Int64, strictly: Bool) -> Int {
            var lo = 0, hi = s.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if s[mid] > x || (strictly && s[mid] == x) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return v.map { x in
            let above = boundary(x, strictly: false)
            return (above, boundary(x, strictly: true) - above)
        }
    }

    /// Competition ranks by descending value: 1 + how many are strictly above.
    static func competition(_ v: [Int64]) -> [Int32] {
        aboveAndTied(v).map { Int32(1 + $0.above) }
    }

    /// Competition ranks by ascending value: 1 + how many are strictly below.
    static func bottomRanks(_ v: [Int64]) -> [Int32] {
        aboveAndTied(v).map { Int32(v.count - $0.above - $0.tied + 1) }
    }

    /// Average ranks (ties share the mean of their positions) by descending value.
    static func averageRanks(_ v: [Int64]) -> [Double] {
        aboveAndTied(v).map { Double($0.above) + Double($0.tied + 1) / 2 }
    }

    /// Competition ranks of groups by descending mean sums[d] / counts[d], compared exactly
    /// (a/x > b/y ⇔ a·y > b·x), by counting.
    static func meanRanks(_ sums: [Int64], _ counts: [Int64]) -> [Int32] {
        sums.indices.map { d in Int32(1 + sums.indices.count(where: { e in sums[e] * counts[d] > sums[d] * counts[e] })) }
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : nil
    }

    /// Hundreds of random small periods with many ties (achievements from seven values, weights in
    /// tens, totals from nine values), random tiles and thread counts: every figure of both passes
    /// against a brute-force recomputation from the scores; missing categories renormalised, or
    /// zero one seed in three. One seed in four at precision 2, the others at precision 0 (integer scores, more ties, and a histogram of 101 bins rather than
    /// 10,001, which keeps the debug run short).
    @Test func everyFigureMatchesBruteForceOnRandomSmallInputs() {
        let levels: [Double] = [0, 0.25, 0.5, 0.6, 0.8, 0.9, 1]
        for seed in 0..<200 {
            var scheme = Scheme()
            scheme.precision = seed % 4 == 0 ? 2 : 0
            scheme.missingCategory = seed % 3 == 1 ? .zero : .renormalize
            let scale = scheme.precision == 2 ? 100.0 : 1.0
            let totalLevels: [Int64] = [5000, 6000, 7000, 7990, 8000, 8500, 9000, 9500, 10000].map { $0 / (scheme.precision == 2 ? 1 : 100) }
            let bands = GradeScale(bands: scheme.grades, precision: scheme.precision)
            var r = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
            let n = 5 + r.below(56), m = 1 + r.below(40), k = 4
            let departmentCount = 1 + r.below(min(5, n))
            var c = [Double](repeating: 0, count: n * k), presence = [Double](repeating: 1, count: n * k)
            for i in 0..<(n * k) {
                if i % k != 3 && r.below(6) == 0 { presence[i] = 0 } else { c[i] = levels[r.below(levels.count)] }
            }
            let vectors: [[Double]] = (0..<m).map { _ in
                var w = [Double](repeating: 0, count: k)
                for _ in 0..<10 { w[r.below(k)] += 10 }
                return w
            }
            let totals = (0..<n).map { _ in totalLevels[r.below(totalLevels.count)] }
            // Every department has a project: the first ones in order, the rest at random.
            let departments = (0..<n).map { $0 < departmentCount ? Int32($0) : Int32(r.below(departmentCount)) }
            let sampled = r.below(m)..<m
            let topK = 1 + r.below(n + 3)
            let run = Self.passes(achievement: c, presence: presence, vectors: vectors, totals: totals, departments: departments,
                                  departmentCount: departmentCount, sampled: sampled, topK: topK, threads: 1 + r.below(2),
                                  blockRows: [3, 8, 13, 24, 512][r.below(5)], blockScenarios: 1 + r.below(12), scheme: scheme)

            // Scores by a naive loop (renormalised by P·W where a category is missing).
            var units = [[Int64]](repeating: [], count: n)
            for p in 0..<n {
                let complete = (0..<k).allSatisfy { presence[p * k + $0] == 1 }
                units[p] = vectors.map { w in
                    var s = 0.0, pw = 0.0
                    for q in 0..<k {
                        s += c[p * k + q] * w[q]
                        pw += presence[p * k + q] * w[q]
                    }
                    if !complete && scheme.missingCategory != .zero { s = pw > 0 ? s * 100 / pw : 0 }
                    return Int64((s * scale + 0.5 + 1e-6).rounded(.down))
                }
            }
            #expect(run.units == units, "seed \(seed): scores")
            let baseRank = Self.competition(totals), baseBottom = Self.bottomRanks(totals), baseAverage = Self.averageRanks(totals)
            let baseGrade = totals.map { bands.grade(units: $0) }
            var departmentCounts = [Int64](repeating: 0, count: departmentCount)
            for d in departments { departmentCounts[Int(d)] += 1 }

            var gradeCounts: [Int64] = [], sums: [Int64] = [], up: [Int64] = [], down: [Int64] = []
            var top: [Int64] = [], bottom: [Int64] = [], departmentSums: [Int64] = []
            var rankOf = [[Int32]](repeating: [], count: n)  // rankOf[p]: ranks over the sampled scenarios
            var departmentRanksOf = [[Int32]](repeating: [], count: departmentCount)
            for j in 0..<m {
                let column = units.map { $0[j] }
                let rank = Self.competition(column), low = Self.bottomRanks(column)
                if sampled.contains(j) { for p in 0..<n { rankOf[p].append(rank[p]) } }
                let grade = column.map { bands.grade(units: $0) }
                var counts = [Int64](repeating: 0, count: 4)
                for g in grade { counts[g] += 1 }
                gradeCounts += counts
                sums.append(column.reduce(0, +))
                up.append(Int64((0..<n).count(where: { grade[$0] < baseGrade[$0] })))
                down.append(Int64((0..<n).count(where: { grade[$0] > baseGrade[$0] })))
                top.append(Int64((0..<n).count(where: { baseRank[$0] <= topK && rank[$0] <= topK })))
                bottom.append(Int64((0..<n).count(where: { baseBottom[$0] <= topK && low[$0] <= topK })))
                // ρ: Pearson of the average ranks.
                let expected = Self.pearson(Self.averageRanks(column), baseAverage)
                let got = run.period.spearman(j)
                if (expected == nil) != (got == nil) || abs((expected ?? 0) - (got ?? 0)) > 1e-12 {
                    Issue.record("seed \(seed) m \(j): ρ \(String(describing: got)), by hand \(String(describing: expected))")
                }
                // Departments: Σ rounded scores, competition ranks by mean.
                var s = [Int64](repeating: 0, count: departmentCount)
                for p in 0..<n { s[Int(departments[p])] += column[p] }
                departmentSums += s
                let departmentRank = Self.meanRanks(s, departmentCounts)
                if run.period.departmentRanks(j) != departmentRank {
                    Issue.record("seed \(seed) m \(j): department ranks \(run.period.departmentRanks(j)), by hand \(departmentRank)")
                }
                if sampled.contains(j) { for d in 0..<departmentCount { departmentRanksOf[d].append(departmentRank[d]) } }
            }
            #expect(run.histograms.gradeCounts == gradeCounts, "seed \(seed): grade counts")
            #expect(run.histograms.sum == sums, "seed \(seed): sums")
            #expect(run.ranks.movedUp == up, "seed \(seed): n_up")
            #expect(run.ranks.movedDown == down, "seed \(seed): n_down")
            #expect(run.ranks.topOverlap == top, "seed \(seed): top \(topK)")
            #expect(run.ranks.bottomOverlap == bottom, "seed \(seed): bottom \(topK)")
            #expect(run.ranks.departmentSums == departmentSums, "seed \(seed): department sums")
            // Per project over the sampled scenarios: type-7 quantiles of the ranks, grade counts.
            var quantiles: [Int64] = [], projectGrades: [Int32] = []
            for p in 0..<n {
                quantiles += Self.type7(rankOf[p])
                var counts = [Int32](repeating: 0, count: 4)
                for j in sampled { counts[bands.grade(units: units[p][j])] += 1 }
                projectGrades += counts
            }
            #expect(run.ranks.quantiles == quantiles, "seed \(seed): rank quantiles")
            #expect(run.ranks.gradeCounts == projectGrades, "seed \(seed): grade counts per project")
            if m > 1 { #expect(run.ranks.schemeUnits == units.map { $0[1] }, "seed \(seed): scheme scores") }
            // Department intervals: the baseline rank of the mean total, and type-7 of the ranks over the sample.
            var baseSums = [Int64](repeating: 0, count: departmentCount)
            for p in 0..<n { baseSums[Int(departments[p])] += totals[p] }
            let baseDepartmentRank = Self.meanRanks(baseSums, departmentCounts)
            let intervals = run.period.departmentIntervals(sampled: sampled)
            #expect(intervals.map(\.baseline) == baseDepartmentRank, "seed \(seed): department baseline ranks")
            #expect(intervals.map(\.quantiles) == departmentRanksOf.map { Self.type7($0) }, "seed \(seed): department intervals")
        }
    }

    /// ``RankQuantiles`` against sorting: small and large ranges (past 4,096 values the second,
    /// per-value level runs), one value, many percents, repeated use of one selector.
    @Test func rankQuantilesMatchSorting() {
        var r = SplitMix64(seed: 2024)
        let percents = [50, 5, 95, 0, 100, 1, 99, 25, 75, 33]
        for trial in 0..<400 {
            let count = trial < 20 ? 1 : 1 + r.below(trial % 3 == 0 ? 2000 : 120)
            var selector = RankQuantiles(count: count, percents: percents)
            for round in 0..<3 {
                let span = [5, 4096, 4097, 8191, 8193, 100_000, 1_000_000][(trial + round) % 7]
                let low = Int32(1 + r.below(1000))
                // Many ties in the narrow ranges; the wide ones get their extremes pinned sometimes
                // so that the range is exactly `span`.
                var values = (0..<count).map { _ in low + Int32(r.below(span)) }
                if count >= 2 && r.below(2) == 0 {
                    values[0] = low
                    values[count - 1] = low + Int32(span - 1)
                }
                let got = values.withUnsafeBufferPointer { selector.hundredths(of: $0) }
                #expect(got == Self.type7(values, percents), "trial \(trial) round \(round): n \(count) span \(span)")
            }
        }
        // M = 1: every quantile is the value. M = 2 with 1 and 100,000: median 50,000.5 → ×100 5,000,050;
        // p5: h = 0.05 → 1 + 0.05·99,999 = 5,000.95 → 500,095; p95: 1 + 0.95·99,999 = 95,000.05 → 9,500,005.
        var one = RankQuantiles(count: 1, percents: [50, 5, 95])
        #expect([Int32(7)].withUnsafeBufferPointer { one.hundredths(of: $0) } == [700, 700, 700])
        var two = RankQuantiles(count: 2, percents: [50, 5, 95])
        #expect([Int32(100_000), 1].withUnsafeBufferPointer { two.hundredths(of: $0) } == [5_000_050, 500_095, 9_500_005])
    }

    // MARK: 6. Sensitivity against a closed form

    /// Independent uniform weights w_k on [a_k, b_k], y = Σ c_k w_k: Var E[y | w_k] = c_k² Var w_k,
    /// Var w_k = (b_k − a_k)²/12, so S_k = c_k² (b_k − a_k)² / Σ_j c_j² (b_j − a_j)².
    /// c = 1, 2, 0.5, 0 on [0, 40], [10, 30], [0, 60], [0, 20]: c²(b − a)² = 1600, 1600, 900, 0 (sum 4100):
    /// S = 0.39024, 0.39024, 0.21951, 0.
    @Test func sensitivityMatchesTheClosedFormForALinearOutput() throws {
        var r = SplitMix64(seed: 31)
        let m = 20_000
        let low: [Double] = [0, 10, 0, 0], high: [Double] = [40, 30, 60, 20], c: [Double] = [1, 2, 0.5, 0]
        var weights = [Double]()
        weights.reserveCapacity(m * 4)
        var y = [Double]()
        for _ in 0..<m {
            var s = 0.0
            for k in 0..<4 {
                let w = low[k] + (high[k] - low[k]) * r.unit()
                weights.append(w)
                s += c[k] * w
            }
            y.append(s)
        }
        let bins = SensitivityBins(weights: weights[...], categories: 4)
        #expect(bins.binCount == 50)  // ⌊√20000 / 2⌋ = 70, at most 50
        let shares = try #require(bins.shares(of: y))
        let expected = [1600.0 / 4100, 1600.0 / 4100, 900.0 / 4100, 0]
        for k in 0..<4 { #expect(abs(shares[k] - expected[k]) < 0.02, "S_\(k) = \(shares[k]), closed form \(expected[k])") }
        #expect(shares[3] < 0.01)
        // An output that does not vary has no shares.
        #expect(bins.shares(of: [Double](repeating: 3, count: m)) == nil)
        // An output of w_2 alone: S_2 ≈ 1 (less the binning loss, about 1/B²), the others ≈ 0.
        let only = try #require(bins.shares(of: (0..<m).map { weights[$0 * 4 + 2] }))
        #expect(abs(only[2] - 1) < 0.01)
        for k in [0, 1, 3] { #expect(only[k] < 0.01) }
    }

    // MARK: 5. Bitwise identity: threads and shards

    static func generated(_ projects: Int, seed: UInt64) throws -> String {
        let dir = NSTemporaryDirectory() + "scenario-analysis-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try BatchGenerator(projects: projects, seed: seed).write(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
        return dir
    }

    static func files(_ folder: String, _ names: [String]) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) })
    }

    static func monteCarlo(seed: UInt64) -> ScenarioRequest {
        ScenarioRequest(source: .monteCarlo(count: 20, seed: seed, sampler: .dirichlet(concentration: 50)), topK: 10)
    }

    @Test func monteCarloIsTheSameForOneAndTwoThreadsAndForAnySplitIntoShards() throws {
        // 2,500 projects: two blocks of the second pass (2,048 projects each), five of the first (512).
        let dir = try Self.generated(2500, seed: 5)
        let input = try Evaluation.read(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv", options: .init(threads: 2))
        let one = Evaluation(input, options: .init(threads: 1))
        let two = Evaluation(input, options: .init(threads: 2))
        let request = Self.monteCarlo(seed: 11)
        let whole1 = try one.scenarios(request)
        let whole2 = try two.scenarios(request)
        #expect(whole1 == whole2)
        #expect(whole1.scenarioCount == 22)
        let names1 = try whole1.write(to: dir + "/t1", threads: 1)
        let names2 = try whole2.write(to: dir + "/t2", threads: 2)
        #expect(names1 == ["scenarios.csv", "scenario_weights.csv", "rank_intervals.csv", "department_rank_intervals.csv",
                           "sensitivity.csv", "grade_margins.csv"])
        #expect(names1 == names2)
        let reference = try Self.files(dir + "/t1", names1)
        #expect(try Self.files(dir + "/t2", names2) == reference)
        for n in [2, 3] {
            var folders: [String] = []
            for i in 1...n {
                let part = try two.scenarios(request, shard: i, of: n)
                #expect(part.shard == i && part.shards == n)
                let folder = dir + "/part\(n)-\(i)"
                try part.writePart(to: folder)
                folders.append(folder)
            }
            // Any order.
            let merged = try ScenarioResults(merging: folders.reversed())
            #expect(merged == whole1, "\(n) shards")
            let names = try merged.write(to: dir + "/merged\(n)", threads: 2)
            #expect(names == names1)
            #expect(try Self.files(dir + "/merged\(n)", names) == reference, "\(n) shards")
        }
    }

    @Test func mergeRefusesMissingDuplicatedAndForeignParts() throws {
        let dir = try Self.generated(300, seed: 6)
        let evaluation = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv", options: .init(threads: 2))
        func part(_ i: Int, of n: Int, seed: UInt64 = 11) throws -> String {
            let folder = dir + "/s\(seed)-\(i)of\(n)"
            if !FileManager.default.fileExists(atPath: folder + "/" + ScenarioResults.partFile) {
                try evaluation.scenarios(Self.monteCarlo(seed: seed), shard: i, of: n).writePart(to: folder)
            }
            return folder
        }
        func mergeError(_ folders: [String]) -> ScenarioMergeError? {
            do {
                _ = try ScenarioResults(merging: folders)
                return nil
            } catch { return error }
        }
        // Missing shard 3 of 3.
        let missing = mergeError([try part(1, of: 3), try part(2, of: 3)])
        guard case .incomplete(let found, let n) = missing else { Issue.record("missing: \(String(describing: missing))"); return }
        #expect(found == [1, 2] && n == 3)
        // Shard 1 of 2 twice.
        let twice = mergeError([try part(1, of: 2), try part(2, of: 2), try part(1, of: 2)])
        guard case .incomplete(let found2, let n2) = twice else { Issue.record("duplicated: \(String(describing: twice))"); return }
        #expect(found2 == [1, 1, 2] && n2 == 2)
        // Shards of two different splits.
        let mixed = mergeError([try part(1, of: 2), try part(2, of: 3)])
        guard case .incomplete = mixed else { Issue.record("mixed splits: \(String(describing: mixed))"); return }
        // Shard 2 from a run with another seed.
        let foreign = mergeError([try part(1, of: 2), try part(2, of: 2, seed: 12)])
        guard case .differentRuns(let shard) = foreign else { Issue.record("foreign: \(String(describing: foreign))"); return }
        #expect(shard == 2)
        // No part file; no parts.
        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        guard case .unreadable = mergeError([try part(1, of: 2), empty]) else { Issue.record("no part file"); return }
        guard case .noParts = mergeError([]) else { Issue.record("no parts"); return }
        // The right parts merge.
        #expect(mergeError([try part(2, of: 2), try part(1, of: 2)]) == nil)
        // A part edited so that a department code points past its table, and one cut short:
        // refused by name before anything indexes them.
        for (name, edit) in [("bad-department", { (j: inout [String: Any]) in
                                 var periods = j["periods"] as! [[String: Any]]
                                 var rows = periods[0]["rows"] as! [String: Any]
                                 var d = rows["department"] as! [Int]
                                 d[0] = 9999
                                 rows["department"] = d
                                 periods[0]["rows"] = rows
                                 j["periods"] = periods
                             }), ("short-sums", { (j: inout [String: Any]) in
                                 var periods = j["periods"] as! [[String: Any]]
                                 periods[0]["sums"] = Array((periods[0]["sums"] as! [Int]).dropLast())
                                 j["periods"] = periods
                             })] {
            let folder = dir + "/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let original = try Data(contentsOf: URL(fileURLWithPath: try part(2, of: 2) + "/" + ScenarioResults.partFile))
            var json = try JSONSerialization.jsonObject(with: original) as! [String: Any]
            edit(&json)
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: folder + "/" + ScenarioResults.partFile))
            guard case .unreadable(let path, let why) = mergeError([try part(1, of: 2), folder]) else {
                Issue.record("\(name) was merged")
                continue
            }
            #expect(path.contains(name) && why.contains("not a part as evalcli writes it"), "\(path): \(why)")
        }
    }

    /// Department ρ by hand: three departments of one project each, so a department's mean is its
    /// project's score. Baseline totals 90, 80, 70 → average ranks (1, 2, 3). Scenario 0 weighs
    /// output only: scores 60, 80, 70 → ranks (3, 1, 2); deviations from the mean rank 2:
    /// x = (1, −1, 0), y = (−1, 0, 1); Σxy = −1 + 0 + 0 = −1, Σx² = Σy² = 2 → ρ = −1/2.
    /// Scenario 1 weighs benefit only: scores 90, 80, 70 → ranks (1, 2, 3) → ρ = 1.
    @Test func departmentSpearmanByHand() {
        let c: [Double] = [0.6, 0.9, 1, 1,
                           0.8, 0.8, 1, 1,
                           0.7, 0.7, 1, 1]
        let passes = Self.passes(achievement: c, presence: [Double](repeating: 1, count: 12),
                                 vectors: [[100, 0, 0, 0], [0, 100, 0, 0]], totals: [9000, 8000, 7000], departments: [0, 1, 2],
                                 departmentCount: 3)
        #expect(passes.period.departmentSums == [6000, 8000, 7000, 9000, 8000, 7000])
        #expect(abs(passes.period.departmentSpearman(0)! + 0.5) < 1e-12)
        #expect(abs(passes.period.departmentSpearman(1)! - 1) < 1e-12)
    }

    /// A weights file of more scenarios than an analysis runs is an input error naming the file.
    @Test func weightsFileOfTooManyScenariosIsRejected() throws {
        let dir = try Self.generated(20, seed: 4)
        let evaluation = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
        var text = "scenario,output\n"
        // Names in base 36 keep the file under the 1 MiB a weights file may have (9 bytes a row).
        for j in 0...ScenarioRequest.maximumScenarios { text += String(j, radix: 36) + ",100\n" }
        let path = dir + "/many.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try evaluation.scenarios(ScenarioRequest(source: .weightsFile(path)))
            Issue.record("100,001 scenarios were run")
        } catch {
            let d = try #require(error.diagnostics.errors.first)
            #expect(d.file == "many.csv" && d.rule == .fileTooLarge && d.message.contains("100001 scenarios"), "\(d)")
        }
    }

    // MARK: Through Evaluation against brute force

    /// Two periods in one batch: 2023 with 2 projects, 2024 with 300 (generated, rows of both files
    /// concatenated under one header).
    static func twoPeriods() throws -> String {
        let dir = NSTemporaryDirectory() + "scenario-periods-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var projects = Data(), indicators = Data()
        for (period, count, seed) in [("2023", 2, UInt64(21)), ("2024", 300, 22)] {
            let (p, i) = BatchGenerator(projects: count, seed: seed, period: period).generate()
            func append(_ bytes: [UInt8], to out: inout Data) {
                // Keep the header of the first file only.
                let body = out.isEmpty ? bytes[...] : bytes[(bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1)...]
                out.append(contentsOf: body)
            }
            append(p, to: &projects)
            append(i, to: &indicators)
        }
        try projects.write(to: URL(fileURLWithPath: dir + "/p.csv"))
        try indicators.write(to: URL(fileURLWithPath: dir + "/i.csv"))
        return dir
    }

    /// A batch of two periods through ``Evaluation/scenarios(_:shard:of:)``: per period, each
    /// project's baseline rank, rank quantiles, grade counts and `scheme` score, and each scenario's
    /// grade counts and sum, recomputed from the category matrix by a naive loop; ranks are within
    /// the period. Then three shards (the 2-project period splits as 0, 1, 1) merge to the whole run.
    @Test func evaluationMatchesBruteForceAcrossPeriodsAndShards() throws {
        let dir = try Self.twoPeriods()
        let evaluation = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv", options: .init(threads: 2))
        let request = ScenarioRequest(source: .monteCarlo(count: 25, seed: 4, sampler: .uniform(spread: 10)), topK: 5)
        let results = try evaluation.scenarios(request)
        let scheme = evaluation.options.scheme
        let matrix = CategoryMatrix(batch: evaluation.batch, scores: evaluation.scores, scheme: scheme)
        let k = matrix.categoryCount
        let bands = GradeScale(bands: scheme.grades, precision: scheme.precision)
        #expect(results.periods.map(\.period) == ["2023", "2024"])
        #expect(results.periods.map(\.projectCount) == [2, 300])
        for period in results.periods {
            let members = (0..<matrix.projectCount).filter { evaluation.batch.periods[Int(evaluation.batch.projects.period[$0])] == period.period }
            let n = members.count
            #expect(period.rows.projectIDs == members.map { evaluation.batch.projects.id[$0] })
            var units = [[Int64]](repeating: [], count: n)
            for (i, p) in members.enumerated() {
                let complete = (0..<k).allSatisfy { matrix.presence[p * k + $0] == 1 }
                for m in 0..<results.scenarioCount {
                    var s = 0.0, pw = 0.0
                    for q in 0..<k {
                        let w = m == 0 ? matrix.ownPoints[p * k + q] : results.weights[m * k + q]
                        s += matrix.achievement[p * k + q] * w
                        pw += matrix.presence[p * k + q] * w
                    }
                    if m > 0 && !complete { s = pw > 0 ? s * 100 / pw : 0 }
                    units[i].append(Int64((s * 100 + 0.5 + 1e-6).rounded(.down)))
                }
            }
            #expect(period.rows.baselineRank == Self.competition(members.map { evaluation.scores.total[$0] }), "\(period.period)")
            var sums: [Int64] = [], gradeCounts: [Int64] = []
            for m in 0..<results.scenarioCount {
                let column = units.map { $0[m] }
                sums.append(column.reduce(0, +))
                var counts = [Int64](repeating: 0, count: 4)
                for u in column { counts[bands.grade(units: u)] += 1 }
                gradeCounts += counts
            }
            #expect(period.sums == sums, "\(period.period)")
            #expect(period.gradeCounts == gradeCounts, "\(period.period)")
            var rankOf = [[Int32]](repeating: [], count: n)
            for m in results.sampled {
                let r = Self.competition(units.map { $0[m] })
                for i in 0..<n { rankOf[i].append(r[i]) }
            }
            var quantiles: [Int64] = [], projectGrades: [Int32] = []
            for i in 0..<n {
                quantiles += Self.type7(rankOf[i])
                var counts = [Int32](repeating: 0, count: 4)
                for m in results.sampled { counts[bands.grade(units: units[i][m])] += 1 }
                projectGrades += counts
            }
            #expect(period.rows.quantiles == quantiles, "\(period.period)")
            #expect(period.rows.gradeCounts == projectGrades, "\(period.period)")
            #expect(period.rows.schemeUnits == units.map { $0[1] }, "\(period.period)")
        }
        // Three shards through part folders, merged: the same results and the same files.
        var folders: [String] = []
        for i in 1...3 {
            let part = try evaluation.scenarios(request, shard: i, of: 3)
            #expect(part.periods.map(\.rows.count) == [[0, 1, 1][i - 1], 100])
            try part.writePart(to: dir + "/part\(i)")
            folders.append(dir + "/part\(i)")
        }
        let merged = try ScenarioResults(merging: folders)
        #expect(merged == results)
        let names = try results.write(to: dir + "/whole")
        #expect(try merged.write(to: dir + "/merged") == names)
        #expect(try Self.files(dir + "/merged", names) == Self.files(dir + "/whole", names))
    }
}
