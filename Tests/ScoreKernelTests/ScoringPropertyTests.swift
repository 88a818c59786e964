import Testing
@_spi(Stages) @testable import ScoreKernel

/// Properties of the scoring rules over random rows (seeded): scores within [0, points],
/// achievement monotone in the actual value, totals the exact sum of their parts.
@Suite struct ScoringPropertyTests {
    /// Random quantitative and qualitative rows scored by the kernel directly.
    @Test func scoresStayWithinZeroAndPoints() {
        var r = SplitMix64(seed: 11)
        let kernel = AchievementKernel(scheme: Scheme())
        for _ in 0..<2000 {
            let d = Double(r.below(7))
            let a = r.uniform(0...200)
            let h = a + r.uniform(0...50)
            let b = r.uniform(-20...400)
            let w = Double(1 + r.below(40))
            let g = Double(1 + r.below(3))
            let (ach, units, _) = kernel.compute(
                direction: .init(repeating: d), grade: .init(repeating: g), target: .init(repeating: a),
                high: .init(repeating: h), actual: .init(repeating: b), points: .init(repeating: w),
                entered: .init(repeating: .nan))
            #expect(ach[0] >= 0 && ach[0] <= 1, "d=\(d) a=\(a) b=\(b)")
            #expect(units[0] >= 0 && units[0] <= w * 100, "d=\(d) a=\(a) b=\(b)")
        }
    }

    @Test func atLeastIsMonotoneInTheActualValue() {
        var r = SplitMix64(seed: 12)
        let kernel = AchievementKernel(scheme: Scheme())
        for _ in 0..<500 {
            let a = r.uniform(0.5...500)
            var actuals = SIMD8<Double>()
            for k in 0..<8 { actuals[k] = r.uniform(0...800) }
            let sorted = (0..<8).map { actuals[$0] }.sorted()
            for k in 0..<8 { actuals[k] = sorted[k] }
            let (ach, _, _) = kernel.compute(
                direction: .init(repeating: 0), grade: .init(repeating: 0), target: .init(repeating: a),
                high: .init(repeating: .nan), actual: actuals, points: .init(repeating: 10), entered: .init(repeating: .nan))
            for k in 1..<8 { #expect(ach[k] >= ach[k - 1]) }
        }
    }

    @Test func reverseIsAntitoneInTheActualValue() {
        var r = SplitMix64(seed: 13)
        for linear in [false, true] {
            var scheme = Scheme()
            scheme.reverse = linear ? .linear : .ratio
            let kernel = AchievementKernel(scheme: scheme)
            for _ in 0..<300 {
                let a = r.uniform(0.5...500)
                let sorted = (0..<8).map { _ in r.uniform(0...1500) }.sorted()
                var actuals = SIMD8<Double>()
                for k in 0..<8 { actuals[k] = sorted[k] }
                let (ach, _, _) = kernel.compute(
                    direction: .init(repeating: 2), grade: .init(repeating: 0), target: .init(repeating: a),
                    high: .init(repeating: .nan), actual: actuals, points: .init(repeating: 10), entered: .init(repeating: .nan))
                for k in 1..<8 { #expect(ach[k] <= ach[k - 1]) }
            }
        }
    }

    @Test func totalIsTheExactSumOfRoundedParts() throws {
        let (p, i) = BatchGenerator(projects: 3000, seed: 5).generate()
        let (result, _) = ingest(projects: String(decoding: p, as: UTF8.self), indicators: String(decoding: i, as: UTF8.self))
        let batch = try #require(result?.batch)
        let s = Scorer(scheme: Scheme()).score(batch)
        for q in 0..<batch.projects.count {
            var sum = s.executionScore[q]
            for r in batch.indicators.range(ofProject: q) {
                sum += s.indicatorScore[r]
                #expect(s.indicatorScore[r] >= 0 && Double(s.indicatorScore[r]) <= batch.indicators.points[r] * 100 + 1e-9)
            }
            #expect(sum == s.total[q])
            #expect(s.total[q] <= 10000)
        }
    }
}
