import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

/// SPEC §9: the machine-independent log/exp, the Monte Carlo weight samplers and the weight grid.
@Suite struct WeightSamplerTests {
    // MARK: IEEEMath

    /// |a − b| in units in the last place of `b` (the oracle's result).
    func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return abs(a - b) / max(b.ulp, Double.leastNonzeroMagnitude)
    }

    @Test func logAndExpHaveExactIdentities() {
        #expect(IEEEMath.log(1) == 0)
        #expect(IEEEMath.exp(0) == 1)
        #expect(IEEEMath.exp(-0.0) == 1)
        #expect(IEEEMath.log(2) == 0x1.62E42FEFA39EFp-1)  // ln 2 rounded to nearest
        #expect(IEEEMath.log(0) == -.infinity)
        #expect(IEEEMath.log(-1).isNaN)
        #expect(IEEEMath.log(.nan).isNaN)
        #expect(IEEEMath.log(.infinity) == .infinity)
        #expect(IEEEMath.exp(.infinity) == .infinity)
        #expect(IEEEMath.exp(-.infinity) == 0)
        #expect(IEEEMath.exp(.nan).isNaN)
        #expect(IEEEMath.exp(710) == .infinity)  // e^710 > greatest finite
        #expect(IEEEMath.exp(-746) == 0)  // e^-746 < half the least subnormal
    }

    /// Against glibc (correctly rounded in practice) on random arguments across the whole range:
    /// every positive double including subnormals for log, [−745, 709.7] for exp, and the
    /// neighbourhoods of 1 and 0 where cancellation would show.
    @Test func logAndExpAreWithinTwoUlpsOfTheSystemLibrary() {
        var r = SplitMix64(seed: 2024)
        var worstLog = 0.0, worstExp = 0.0
        for _ in 0..<40_000 {
            let anyPositive = Double(bitPattern: r.next() & 0x7FEF_FFFF_FFFF_FFFF)  // ≤ greatest finite
            let subnormal = Double(bitPattern: r.next() & 0x000F_FFFF_FFFF_FFFF)
            for x in [anyPositive, subnormal, 1 + (r.unit() - 0.5) * 1e-3, 1 + (r.unit() - 0.5) * 1e-12,
                      r.unit(), 0.5 + 1.5 * r.unit(), 1e300 * (1 + r.unit())] where x > 0 {
                worstLog = max(worstLog, ulps(IEEEMath.log(x), Foundation.log(x)))
            }
            for x in [-745 + r.unit() * (709.7 + 745), (r.unit() - 0.5) * 4, (r.unit() - 0.5) * 1e-9,
                      -745 + r.unit() * 37] {  // the last: subnormal results
                worstExp = max(worstExp, ulps(IEEEMath.exp(x), Foundation.exp(x)))
            }
        }
        for x in [Double.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1.nextUp, 1.nextDown,
                  0.5, 2, 10, 100, 1e-300] {
            worstLog = max(worstLog, ulps(IEEEMath.log(x), Foundation.log(x)))
        }
        for x in [1.0, -1, 0.5, 1e-20, -1e-20, 709.78, -708.4, -745, 0.34657359027997264, 1.0397207708399179] {
            worstExp = max(worstExp, ulps(IEEEMath.exp(x), Foundation.exp(x)))
        }
        #expect(worstLog <= 2)
        #expect(worstExp <= 2)
    }

    // MARK: Samplers

    let samplers: [WeightSampler] = [.dirichlet(concentration: 50), .dirichlet(concentration: 2), .uniform(spread: 10)]

    @Test func scenarioDependsOnSeedAndIndexAlone() {
        let base = [50.0, 30, 10, 10]
        for sampler in samplers {
            // Drawing 0..<40 in order, then each alone in reverse order: the same bits.
            let inOrder = (0..<40).map { sampler.weights(base: base, seed: 7, scenario: $0) }
            for m in (0..<40).reversed() {
                #expect(sampler.weights(base: base, seed: 7, scenario: m) == inOrder[m])
            }
            #expect(Set(inOrder).count == 40, "different scenarios differ")
            #expect(sampler.weights(base: base, seed: 8, scenario: 3) != inOrder[3], "another seed differs")
        }
    }

    @Test func samplesAreNonNegativeAndSumTo100() {
        let bases: [[Double]] = [[50, 30, 10, 10], [40, 0, 60, 0], [100, 0, 0, 0], [0.5, 99.5], [1, 1, 1]]
        let all = samplers + [.dirichlet(concentration: 0.01), .uniform(spread: 200), .uniform(spread: 0)]
        for sampler in all {
            for base in bases {
                let bad = (0..<300).filter { m in
                    let w = sampler.weights(base: base, seed: 11, scenario: m)
                    return w.count != base.count || !w.allSatisfy { $0 >= 0 && $0.isFinite }
                        || abs(w.reduce(0, +) - 100) > 1e-9 || base.indices.contains { base[$0] == 0 && w[$0] != 0 }
                }
                #expect(bad.isEmpty, "\(sampler) around \(base): scenarios \(bad.prefix(5))")
            }
        }
        // One applicable category takes everything, exactly.
        #expect(WeightSampler.dirichlet(concentration: 0.01).weights(base: [0, 100, 0], seed: 1, scenario: 0) == [0, 100, 0])
        // No spread, base summing to 100: the base itself.
        #expect(WeightSampler.uniform(spread: 0).weights(base: [50, 30, 10, 10], seed: 1, scenario: 5) == [50, 30, 10, 10])
    }

    /// Dirichlet(α), α = κ·π: E[w_k/100] = π_k and Var[w_k/100] = π_k(1 − π_k)/(κ + 1). With
    /// n = 20,000 draws the mean is within 4 standard errors (√(Var/n)) and the sample variance
    /// within 10 % (its relative standard error is about √(2/n) ≈ 1 % for near-normal marginals,
    /// a few times that for the skewed α < 1 ones).
    @Test(arguments: [50.0, 2.0])
    func dirichletMomentsMatchTheory(kappa: Double) {
        let base = [50.0, 30, 15, 5]  // κ = 2: α = 1, 0.6, 0.3, 0.1
        let n = 20_000
        var sum = [Double](repeating: 0, count: 4), sumSq = sum
        for m in 0..<n {
            let w = WeightSampler.dirichlet(concentration: kappa).weights(base: base, seed: 99, scenario: m)
            for k in 0..<4 {
                sum[k] += w[k] / 100
                sumSq[k] += (w[k] / 100) * (w[k] / 100)
            }
        }
        for k in 0..<4 {
            let pi = base[k] / 100
            let variance = pi * (1 - pi) / (kappa + 1)
            let mean = sum[k] / Double(n)
            let sampleVariance = (sumSq[k] - Double(n) * mean * mean) / Double(n - 1)
            #expect(abs(mean - pi) <= 4 * (variance / Double(n)).squareRoot(), "κ \(kappa) k \(k) mean \(mean)")
            #expect(abs(sampleVariance / variance - 1) <= 0.1, "κ \(kappa) k \(k) variance \(sampleVariance) vs \(variance)")
        }
    }

    /// Uniform ±s without clamping: Σ of the raw weights is 100 + s·Σ(2u_k − 1), so each
    /// normalised weight w'_k = 100·v_k/Σv lies within [100(w_k − s)/(100 + Ks), 100(w_k + s)/(100 − Ks)];
    /// and the mean is close to the base (by symmetry, up to the normalisation's small bias).
    @Test func uniformStaysWithinTheSpread() {
        let base = [50.0, 30, 10, 10], s = 5.0
        let sampler = WeightSampler.uniform(spread: s)
        var mean = [Double](repeating: 0, count: 4)
        let n = 20_000
        var outside = 0
        for m in 0..<n {
            let w = sampler.weights(base: base, seed: 3, scenario: m)
            for k in 0..<4 {
                if !(w[k] >= 100 * (base[k] - s) / (100 + 4 * s) && w[k] <= 100 * (base[k] + s) / (100 - 4 * s)) { outside += 1 }
                mean[k] += w[k] / Double(n)
            }
        }
        #expect(outside == 0)
        // Each raw weight has variance s²/3 ≈ 8.3, so the standard error of a mean is
        // ≈ 2.9/√20000 ≈ 0.02; dividing by the sum biases the means by under 0.1 here (delta
        // method: 100·(w_k·Var Σ/100³ − Cov(v_k, Σ)/100²) = +0.08, +0.02, −0.05, −0.05).
        for k in 0..<4 { #expect(abs(mean[k] - base[k]) < 0.2, "k \(k) mean \(mean[k])") }
    }

    /// Spread 8 around 5: the small weights clamp at 0 with probability (8 − 5)/16 = 3/16 each.
    @Test func uniformClampsAtZero() {
        let base = [90.0, 5, 5], sampler = WeightSampler.uniform(spread: 8)
        var zeros = 0
        let n = 8_000
        for m in 0..<n {
            let w = sampler.weights(base: base, seed: 5, scenario: m)
            zeros += w[1...].filter { $0 == 0 }.count
            if !w.allSatisfy({ $0 >= 0 }) { zeros = -1_000_000 }
        }
        // 2n·3/16 = 3,000 expected, SD √(2n·(3/16)(13/16)) ≈ 49.
        #expect(abs(zeros - 3_000) < 250, "\(zeros) clamped")
        // Every weight clamps (s ≥ every w, all draws low) → the base: spread 1000 around [1, 1]
        // clamps both with probability (999/2000)² ≈ 1/4.
        var fallbacks = 0
        for m in 0..<200 {
            let w = WeightSampler.uniform(spread: 1000).weights(base: [1, 1], seed: 1, scenario: m)
            if w == [50, 50] { fallbacks += 1 }
        }
        #expect(fallbacks > 20)
    }

    // MARK: Grid

    @Test func gridCountsAreBinomials() throws {
        // T = 100/10 = 10 steps over 4 categories: C(13, 3) = 13·12·11/6 = 286.
        #expect(try WeightGrid(step: 10, minimum: 0, categories: 4).count == 286)
        // T = (100 − 40)/5 = 12: C(15, 3) = 15·14·13/6 = 455.
        #expect(try WeightGrid(step: 5, minimum: 10, categories: 4).count == 455)
        // T = 0: the single vector of minima.
        #expect(try WeightGrid(step: 7, minimum: 25, categories: 4).vectors() == [[25, 25, 25, 25]])
        #expect(try WeightGrid(step: 10, minimum: 0, categories: 1).vectors() == [[100]])
        // T = 4 over 2: (0, 100), (25, 75), …
        #expect(try WeightGrid(step: 25, minimum: 0, categories: 2).vectors() == [[0, 100], [25, 75], [50, 50], [75, 25], [100, 0]])
        // T = (100 − 3·20)/20 = 2 over 3: C(4, 2) = 6, in lexicographic order.
        #expect(try WeightGrid(step: 20, minimum: 20, categories: 3).vectors() ==
            [[20, 20, 60], [20, 40, 40], [20, 60, 20], [40, 20, 40], [40, 40, 20], [60, 20, 20]])
    }

    @Test(arguments: [(10.0, 0.0, 4), (5.0, 10.0, 4), (2.5, 5.0, 4), (0.1, 0.0, 2), (12.5, 0.0, 3), (100.0 / 3, 0.0, 3)])
    func gridVectorsAreTheSimplexPoints(step: Double, minimum: Double, categories: Int) throws {
        let grid = try WeightGrid(step: step, minimum: minimum, categories: categories)
        let vectors = grid.vectors()
        #expect(vectors.count == grid.count)
        // Each vector: K weights ≥ the minimum, each a whole number of steps above it, summing to
        // 100; the list strictly increasing in lexicographic order, hence without repeats.
        let bad = vectors.indices.filter { i in
            let v = vectors[i]
            return v.count != categories || abs(v.reduce(0, +) - 100) > 1e-9
                || !v.allSatisfy { w in let j = (w - minimum) / step; return w >= minimum && abs(j - j.rounded()) < 1e-9 }
                || (i > 0 && !vectors[i - 1].lexicographicallyPrecedes(v))
        }
        #expect(bad.isEmpty, "first bad vector: \(bad.first.map { vectors[$0] } ?? [])")
    }

    @Test func gridWeightsAreTheTypedDecimals() throws {
        // 0.1·3 = 0.30000000000000004 in binary; the grid gives the double nearest 0.3.
        let vectors = try WeightGrid(step: 0.1, minimum: 0, categories: 2).vectors()
        #expect(vectors.count == 1001)
        #expect(vectors[3] == [0.3, 99.7])
        #expect(vectors[1000] == [100, 0])
        // T = (100 − 4·1.25)/2.5 = 38; the second vector moves one step from the last to the third.
        #expect(try WeightGrid(step: 2.5, minimum: 1.25, categories: 4).vectors()[1] == [1.25, 1.25, 3.75, 93.75])
    }

    @Test func gridRefusesArgumentsThatDoNotTile() {
        #expect(throws: WeightGridError.stepNotPositive(0)) { try WeightGrid(step: 0, categories: 4) }
        #expect(throws: WeightGridError.stepNotPositive(-5)) { try WeightGrid(step: -5, categories: 4) }
        #expect(throws: WeightGridError.negativeMinimum(-1)) { try WeightGrid(step: 5, minimum: -1, categories: 4) }
        #expect(throws: WeightGridError.noCategories) { try WeightGrid(step: 5, categories: 0) }
        #expect(throws: WeightGridError.minimumTooLarge(minimum: 30, categories: 4)) { try WeightGrid(step: 5, minimum: 30, categories: 4) }
        // (100 − 0)/30 = 3.33…; (100 − 4·10)/7 = 8.57…
        #expect(throws: WeightGridError.stepDoesNotDivide(step: 30, minimum: 0, categories: 4)) { try WeightGrid(step: 30, categories: 4) }
        #expect(throws: WeightGridError.stepDoesNotDivide(step: 7, minimum: 10, categories: 4)) { try WeightGrid(step: 7, minimum: 10, categories: 4) }
        #expect(throws: WeightGridError.tooManyVectors) { try WeightGrid(step: 1e-9, categories: 40) }
        #expect(WeightGridError.stepDoesNotDivide(step: 30, minimum: 0, categories: 4).description
            == "The grid step 30 does not divide the 100 points left above the minimum of 4 categories into whole steps; choose a step that does.")
        #expect(WeightGridError.stepDoesNotDivide(step: 7, minimum: 10, categories: 4).description
            == "The grid step 7 does not divide the 60 points left above the minimum of 4 categories into whole steps; choose a step that does.")
        #expect(WeightGridError.minimumTooLarge(minimum: 30, categories: 4).description
            == "A minimum of 30 for each of 4 categories adds up to more than 100.")
    }
}
