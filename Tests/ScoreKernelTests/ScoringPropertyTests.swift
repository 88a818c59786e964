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

    /// Every compiled path of the kernel (baseline x86-64, AVX2, AVX-512, as far as this CPU
    /// runs them) gives the same bits on the same rows: random rows of every direction and
    /// grade, with zeros, negatives, NaN and huge values, under every scheme choice the kernel
    /// reads, in runs of lengths that leave every tail (1 to 17 rows past a vector).
    @Test func everyPathGivesTheSameBits() {
        var r = SplitMix64(seed: 14)
        let special: [Double] = [0, -0.0, -1, 1, 100, 1e300, 5e-324, .nan, .infinity]
        func value() -> Double { r.below(4) == 0 ? special[Int(r.below(special.count))] : r.uniform(-50...500) }
        #expect(KernelPath.supported.first == .baseline)
        for round in 0..<40 {
            var scheme = Scheme()
            scheme.reverse = round % 2 == 0 ? .linear : .ratio
            scheme.equal = round % 3 == 0 ? .twoSided : scheme.equal
            scheme.negativeActual = round % 5 == 0 ? .zero : scheme.negativeActual
            scheme.precision = Int(r.below(4))
            var c = IndicatorColumns()
            let n = 1 + Int(r.below(70))
            for _ in 0..<n {
                c.direction.append(Direction(rawValue: UInt8(r.below(8)))!)
                c.grade.append(QualitativeGrade(rawValue: UInt8(r.below(4)))!)
                c.target.append(value())
                c.targetHigh.append(value())
                c.actual.append(value())
                c.points.append(r.below(3) == 0 ? value() : Double(1 + r.below(40)))
                c.enteredScore.append(r.below(2) == 0 ? .nan : value())
            }
            var runs: [([UInt64], [Int64], [UInt8])] = []
            for path in KernelPath.supported {
                var a = [Double](repeating: 0, count: n), s = [Int64](repeating: 0, count: n)
                var f = [IndicatorFlags](repeating: IndicatorFlags(rawValue: 0), count: n)
                a.withUnsafeMutableBufferPointer { a in
                    s.withUnsafeMutableBufferPointer { s in
                        f.withUnsafeMutableBufferPointer { f in
                            AchievementKernel(scheme: scheme, path: path).run(c, rows: 0..<n, achievement: a, score: s, flags: f)
                        }
                    }
                }
                runs.append((a.map(\.bitPattern), s, f.map(\.rawValue)))
            }
            for k in runs.indices.dropFirst() {
                #expect(runs[k].0 == runs[0].0 && runs[k].1 == runs[0].1 && runs[k].2 == runs[0].2,
                        "path \(KernelPath.supported[k]) differs from the baseline in round \(round)")
            }
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
