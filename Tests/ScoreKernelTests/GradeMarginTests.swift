import Testing
@_spi(Stages) @testable import ScoreKernel

/// SPEC §9: the grade-flip margin, the least reweighting that brings a score to a threshold.
@Suite struct GradeMarginTests {
    /// c = [0.9, 0.8, 0.7, 1.0], all present, scheme weights 50/30/10/10: S(w0) = 45 + 24 + 7 + 10 = 86.
    let c = [0.9, 0.8, 0.7, 1.0]
    let all: [Double] = [1, 1, 1, 1]
    let w0: [Double] = [50, 30, 10, 10]

    @Test func noBoundActiveIsTheHyperplaneDistance() throws {
        // Down to t = 84: g = 100c − 84 = [6, −4, −14, 16], g·w0 = 300 − 120 − 140 + 160 = 200
        // (= 100·(86 − 84)). mean(g) = 4/4 = 1, g − 1 = [5, −5, −15, 15], ‖·‖² = 25 + 25 + 225 + 225
        // = 500. Distance = 200/√500 = √80 = 8.94427…; λ = 200/500 = 0.4 and
        // w* = w0 − 0.4·[5, −5, −15, 15] = [48, 32, 16, 4], all positive, so no bound is active.
        // Check: S(w*) = 43.2 + 25.6 + 11.2 + 4 = 84; ‖w* − w0‖² = 4 + 4 + 36 + 36 = 80.
        let m = try #require(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 84, up: false, renormalize: true))
        #expect(abs(m.distance - 80.0.squareRoot()) < 1e-9)
        #expect(m.toward == 2)  // +6, the largest raise
        let w = try #require(GradeMargin.leastWeights(achievement: c, presence: all, weights: w0, threshold: 84, up: false, renormalize: true))
        for (got, want) in zip(w, [48.0, 32, 16, 4]) { #expect(abs(got - want) < 1e-9) }
        // All present and Σw = 100: the zero policy scores the same, S = c·w.
        let zero = try #require(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 84, up: false, renormalize: false))
        #expect(abs(zero.distance - m.distance) < 1e-9)
        // Up to t = 88: S ≥ t ⇔ −g·w ≤ 0 with −g = 88 − 100c = [−2, 8, 18, −12];
        // −g·w0 = −100 + 240 + 180 − 120 = 200 (= 100·(88 − 86)), mean 12/4 = 3, −g − 3 =
        // [−5, 5, 15, −15], norm² 500 → √80 again; w* = w0 − 0.4·[−5, 5, 15, −15] = [52, 28, 4, 16]
        // (S = 46.8 + 22.4 + 2.8 + 16 = 88), raised most: category 3 (+6).
        let upward = try #require(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 88, up: true, renormalize: true))
        #expect(abs(upward.distance - 80.0.squareRoot()) < 1e-9)
        #expect(upward.toward == 3)
    }

    @Test func aWeightHittingZero() throws {
        // Down to t = 80: g = [10, 0, −10, 20], g·w0 = 500 − 100 + 200 = 600, mean 5,
        // g − 5 = [5, −5, −15, 15], λ = 600/500 = 1.2 → the hyperplane point
        // [44, 36, 28, −8] is negative in category 3, so w3 = 0 and F = {0, 1, 2}:
        // g_F = [10, 0, −10] (mean 0), ν = (90 − 100)/3 = −10/3, λ = (10·(50 + 10/3) + 0 − 10·(10 + 10/3))/200
        // = 400/200 = 2, w_F = w0_F + 10/3 − 2·[10, 0, −10] = [100/3, 100/3, 100/3].
        // Off F: w0_3 − ν − λ·(20 − 0) = 10 + 10/3 − 40 < 0 ✓. S = 100·(2.4/3) = 80 ✓.
        // ‖w* − w0‖² = (50/3)² + (10/3)² + (70/3)² + 10² = (2500 + 100 + 4900 + 900)/9 = 2800/3.
        let m = try #require(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 80, up: false, renormalize: true))
        #expect(abs(m.distance - (2800.0 / 3).squareRoot()) < 1e-9)  // 30.5505…
        #expect(m.toward == 2)  // +70/3
        let w = try #require(GradeMargin.leastWeights(achievement: c, presence: all, weights: w0, threshold: 80, up: false, renormalize: true))
        #expect(w[3] == 0)
        for k in 0..<3 { #expect(abs(w[k] - 100.0 / 3) < 1e-9) }
        let brute = try #require(Self.gridSearch(c: c, p: all, w0: w0, t: 80, up: false, renormalize: true, step: 5))
        #expect(m.distance <= brute + 1e-9 && m.distance >= brute - 0.05)
    }

    @Test func matchesBruteForceOnRandomSmallProjects() {
        var r = SplitMix64(seed: 2024)
        var compared = 0
        for trial in 0..<48 {
            let k = trial % 2 == 0 ? 3 : 4
            let (c, p, w0) = Self.randomProject(k: k, &r)
            let up = r.below(2) == 0, renormalize = r.below(2) == 0
            // Any threshold in 5…95: already past, reachable, or out of reach (nil).
            let t = r.uniform(5...95)
            let label = "trial \(trial): c \(c) p \(p) w0 \(w0) t \(t) up \(up) renormalize \(renormalize)"
            let m = GradeMargin.least(achievement: c, presence: p, weights: w0, threshold: t, up: up, renormalize: renormalize)
            let w = GradeMargin.leastWeights(achievement: c, presence: p, weights: w0, threshold: t, up: up, renormalize: renormalize)
            let step = k == 3 ? 0.5 : 2.0
            let brute = Self.gridSearch(c: c, p: p, w0: w0, t: t, up: up, renormalize: renormalize, step: step)
            let exact = Self.faceEnumeration(c: c, p: p, w0: w0, t: t, up: up, renormalize: renormalize)
            #expect((m == nil) == (exact == nil), "\(label)")
            if m == nil { #expect(brute == nil, "\(label)") }
            guard let m, let w, let exact else { continue }
            // The returned point is admissible, on or past t, and at the reported distance.
            #expect(Self.isPast(w, c: c, p: p, t: t, up: up, renormalize: renormalize, slack: 1e-7), "\(label)")
            #expect(abs(m.distance - Self.norm(w, w0)) < 1e-9, "\(label)")
            // Exact against the independent enumeration of faces.
            #expect(abs(m.distance - exact) < 1e-7, "\(label)")
            // No feasible grid point is closer, and the grid comes within its resolution (the
            // local refinement stalls along the oblique boundary S = t, so not much closer).
            if let brute {
                #expect(m.distance <= brute + 1e-9, "\(label)")
                #expect(m.distance >= brute - step, "\(label)")
                compared += 1
            }
        }
        #expect(compared >= 20)
    }

    @Test func matchesFaceEnumerationOnLargerProjects() {
        var r = SplitMix64(seed: 7)
        for trial in 0..<36 {
            let k = [5, 7, 10][trial % 3]
            let (c, p, w0) = Self.randomProject(k: k, &r)
            let up = r.below(2) == 0, renormalize = r.below(2) == 0
            let t = r.uniform(5...95)
            let label = "trial \(trial): c \(c) p \(p) w0 \(w0) t \(t) up \(up) renormalize \(renormalize)"
            let m = GradeMargin.least(achievement: c, presence: p, weights: w0, threshold: t, up: up, renormalize: renormalize)
            let exact = Self.faceEnumeration(c: c, p: p, w0: w0, t: t, up: up, renormalize: renormalize)
            #expect((m == nil) == (exact == nil), "\(label)")
            guard let m, let exact,
                  let w = GradeMargin.leastWeights(achievement: c, presence: p, weights: w0, threshold: t, up: up, renormalize: renormalize)
            else { continue }
            #expect(abs(m.distance - exact) < 1e-7, "\(label)")
            #expect(Self.isPast(w, c: c, p: p, t: t, up: up, renormalize: renormalize, slack: 1e-7), "\(label)")
        }
    }

    @Test func noAdmissibleWeightsIsNil() {
        // Renormalize, down to 60: S(w) is a weighted mean of the present 100·c_k = 90, 80, 70, 100,
        // so no weights get it below 70.
        #expect(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 60, up: false, renormalize: true) == nil)
        // Renormalize, up past 100: impossible.
        #expect(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 100.5, up: true, renormalize: true) == nil)
        // Zero policy, up to 96: S = c·w ≤ max c · 100 = 95 with c = [0.9, 0.8, 0, 0.95].
        let absent = [0.9, 0.8, 0, 0.95], p: [Double] = [1, 1, 0, 1]
        #expect(GradeMargin.least(achievement: absent, presence: p, weights: w0, threshold: 96, up: true, renormalize: false) == nil)
        // ... but 95 is reached exactly at w = [0, 0, 0, 100].
        let m = GradeMargin.least(achievement: absent, presence: p, weights: w0, threshold: 95, up: true, renormalize: false)
        // From [50, 30, 10, 10] to [0, 0, 0, 100]: 2500 + 900 + 100 + 8100 = 11600.
        #expect(m.map { abs($0.distance - 11600.0.squareRoot()) < 1e-9 } == true)
        #expect(m?.toward == 3)
    }

    /// Under renormalize an absent category leaves the score unchanged (g_k = 0); weights only on
    /// absent categories make it undefined (p·w = 0), so they are not admissible.
    @Test func absentCategoriesUnderRenormalize() throws {
        let absent = [0.9, 0.8, 0, 0.95], p: [Double] = [1, 1, 0, 1], w: [Double] = [40, 20, 10, 30]
        // S(w0) = 100·(36 + 16 + 28.5)/90 = 89.44. Down to 75: g = [15, 5, 0, 20]. Only
        // w = [0, 0, 100, 0] has g·w ≤ 0, and it leaves no applicable category: the face p·w = 0
        // is the whole feasible set, no admissible point approaches it, so nil (not the distance to it).
        #expect(GradeMargin.least(achievement: absent, presence: p, weights: w, threshold: 75, up: false, renormalize: true) == nil)
        // The zero policy counts the absent category as 0 (g = [15, 5, −75, 20]), so it can.
        #expect(GradeMargin.least(achievement: absent, presence: p, weights: w, threshold: 75, up: false, renormalize: false) != nil)
        // Down to 80: g = [10, 0, 0, 15]; category 1 sits exactly at the threshold, so S ≤ 80 needs
        // w_0 = w_3 = 0, and then S = 80 whatever w_1 > 0 and w_2 are. The closest such weights
        // raise w_1 and w_2 equally: +(100 − 20 − 10)/2 = +35 → [0, 55, 45, 0], admissible
        // (p·w = 55): the optimum never lies on p·w = 0 when admissible weights exist (see the
        // GradeMargin doc comment). ‖·‖² = 40² + 35² + 35² + 30² = 4950. Categories 1 and 2 tie
        // at +35: toward is the lower index.
        let m = try #require(GradeMargin.least(achievement: absent, presence: p, weights: w, threshold: 80, up: false, renormalize: true))
        #expect(abs(m.distance - 4950.0.squareRoot()) < 1e-9)
        #expect(m.toward == 1)
        let best = try #require(GradeMargin.leastWeights(achievement: absent, presence: p, weights: w, threshold: 80, up: false, renormalize: true))
        for (got, want) in zip(best, [0.0, 55, 45, 0]) { #expect(abs(got - want) < 1e-9) }
        let brute = try #require(Self.gridSearch(c: absent, p: p, w0: w, t: 80, up: false, renormalize: true, step: 5))
        #expect(m.distance <= brute + 1e-9 && m.distance >= brute - 0.05)
    }

    @Test func alreadyPastIsZero() {
        // S(w0) = 86: down to 90 and up to 80 are already met.
        let zero = GradeMargin(distance: 0, toward: nil)
        #expect(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 90, up: false, renormalize: true) == zero)
        #expect(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 80, up: true, renormalize: true) == zero)
        #expect(GradeMargin.least(achievement: c, presence: all, weights: w0, threshold: 80, up: true, renormalize: false) == zero)
        // Exactly at the threshold in exact arithmetic (dyadic values): S = 0.75·50 + 0.5·50 = 62.5.
        #expect(GradeMargin.least(achievement: [0.75, 0.5], presence: [1, 1], weights: [50, 50], threshold: 62.5, up: false, renormalize: true) == zero)
        #expect(GradeMargin.least(achievement: [0.75, 0.5], presence: [1, 1], weights: [50, 50], threshold: 62.5, up: true, renormalize: true) == zero)
    }

    // MARK: - Oracles

    /// c ∈ [0, 1] (sometimes on a 0.1 grid, to hit thresholds exactly), about one absent category
    /// in four (at least one present), w0 on the simplex with some zero weights, p·w0 > 0.
    static func randomProject(k: Int, _ r: inout SplitMix64) -> (c: [Double], p: [Double], w0: [Double]) {
        while true {
            var c = [Double](repeating: 0, count: k), p = [Double](repeating: 1, count: k)
            let coarse = r.below(3) == 0
            for i in 0..<k {
                c[i] = coarse ? Double(r.below(11)) / 10 : r.unit()
                if r.below(4) == 0 { p[i] = 0; c[i] = 0 }
            }
            var w0 = (0..<k).map { _ in r.below(5) == 0 ? 0 : r.unit() }
            let sum = w0.reduce(0, +)
            guard sum > 0 else { continue }
            w0 = w0.map { $0 * 100 / sum }
            if zip(p, w0).contains(where: { $0 > 0 && $1 > 0 }) { return (c, p, w0) }
        }
    }

    static func norm(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    /// w ≥ 0, Σw = 100, p·w > 0 and S(w) on the right side of t, with S computed directly.
    static func isPast(_ w: [Double], c: [Double], p: [Double], t: Double, up: Bool, renormalize: Bool, slack: Double) -> Bool {
        var cw = 0.0, pw = 0.0, sum = 0.0
        for k in w.indices {
            if w[k] < 0 { return false }
            cw += c[k] * w[k]
            pw += p[k] * w[k]
            sum += w[k]
        }
        guard pw > 0, abs(sum - 100) < slack else { return false }
        let s = renormalize ? 100 * cw / pw : cw
        return up ? s >= t - slack : s <= t + slack
    }

    /// Grid search over the simplex (K = 3 or 4; weights on multiples of `step`), then local
    /// search around the best point on grids 2, 4, …, 4096× finer (a box of ±3 steps, re-centred
    /// while the best is on its edge). Admissibility and S are evaluated directly. nil when no
    /// grid point is admissible and past t.
    static func gridSearch(c: [Double], p: [Double], w0: [Double], t: Double, up: Bool, renormalize: Bool, step: Double) -> Double? {
        precondition(w0.count == 3 || w0.count == 4)
        let four = w0.count == 4
        // K = 3 as K = 4 with a dummy category 2 (c = p = w0 = 0) whose weight stays 0.
        func pad(_ v: [Double]) -> [Double] { four ? v : [v[0], v[1], 0, v[2]] }
        let (cc, pp, ww) = (pad(c), pad(p), pad(w0))
        // The squared distance of (a, b, e, 100 − a − b − e) when admissible and past t.
        func squared(_ a: Double, _ b: Double, _ e: Double) -> Double? {
            var last = 100 - a - b - e
            if last < 0 && last > -1e-9 { last = 0 }  // on the edge up to rounding
            guard a >= 0, b >= 0, e >= 0, last >= 0 else { return nil }
            let cw = cc[0] * a + cc[1] * b + cc[2] * e + cc[3] * last
            let pw = pp[0] * a + pp[1] * b + pp[2] * e + pp[3] * last
            guard pw > 0 else { return nil }
            let s = renormalize ? 100 * cw / pw : cw
            guard up ? s >= t : s <= t else { return nil }
            let (da, db, de, dl) = (a - ww[0], b - ww[1], e - ww[2], last - ww[3])
            return da * da + db * db + de * de + dl * dl
        }
        var bestD = Double.infinity, center = (0.0, 0.0, 0.0)
        let steps = Int((100 / step).rounded())
        for i in 0...steps {
            for j in 0...(steps - i) {
                for l in 0...(four ? steps - i - j : 0) {
                    let (a, b, e) = (Double(i) * step, Double(j) * step, Double(l) * step)
                    if let d = squared(a, b, e), d < bestD { (bestD, center) = (d, (a, b, e)) }
                }
            }
        }
        guard bestD < .infinity else { return nil }
        var h = step
        for _ in 0..<12 {
            h /= 2
            var moved = true, rounds = 0
            while moved && rounds < 40 {
                moved = false
                rounds += 1
                let origin = center
                for i in -3...3 {
                    for j in -3...3 {
                        for l in four ? -3...3 : 0...0 {
                            let (a, b, e) = (origin.0 + Double(i) * h, origin.1 + Double(j) * h, origin.2 + Double(l) * h)
                            if let d = squared(a, b, e), d < bestD {
                                (bestD, center) = (d, (a, b, e))
                                moved = abs(i) == 3 || abs(j) == 3 || abs(l) == 3
                            }
                        }
                    }
                }
            }
        }
        return bestD.squareRoot()
    }

    /// Exact, by enumerating the faces of Q = {w ≥ 0, Σw = 100, g·w ≤ 0}: for each zero set Z
    /// and with g·w = 0 imposed or not, project w0 onto the face's affine hull (the 2×2 normal
    /// equations by Cramer's rule) and keep the nearest projection inside Q. The optimum is the
    /// projection onto the face holding it, so the minimum is exact. nil when no vertex of Q
    /// (a simplex vertex with g_k ≤ 0, or an edge point between g_i > 0 and g_j < 0) is
    /// admissible, p·w > 0: then no point of the convex Q is.
    static func faceEnumeration(c: [Double], p: [Double], w0: [Double], t: Double, up: Bool, renormalize: Bool) -> Double? {
        let k = w0.count
        let g = (0..<k).map { i in (up ? -1.0 : 1.0) * (100 * c[i] - t * (renormalize ? p[i] : 1)) }
        if zip(g, w0).reduce(0, { $0 + $1.0 * $1.1 }) <= 0 { return 0 }
        var admissible = false
        for i in 0..<k {
            if g[i] <= 0 && p[i] > 0 { admissible = true }
            for j in 0..<k where g[i] > 0 && g[j] < 0 && (p[i] > 0 || p[j] > 0) { admissible = true }
        }
        guard admissible else { return nil }
        var best = Double.infinity
        var w = [Double](repeating: 0, count: k)
        for zeros in 0..<(1 << k) - 1 {
            // On the free set F: w = w0 − a·1 − b·g with [n, G; G, GG]·[a, b] = [Σw0 − 100, g·w0].
            var n = 0.0, sg = 0.0, sgg = 0.0, r1 = -100.0, r2 = 0.0
            for i in 0..<k where zeros & (1 << i) == 0 {
                n += 1
                sg += g[i]
                sgg += g[i] * g[i]
                r1 += w0[i]
                r2 += g[i] * w0[i]
            }
            for active in [false, true] {
                var a = r1 / n, b = 0.0
                if active {
                    let det = n * sgg - sg * sg
                    if det <= 1e-12 * n * sgg { continue }
                    a = (r1 * sgg - sg * r2) / det
                    b = (n * r2 - sg * r1) / det
                }
                var inside = true, gw = 0.0, d = 0.0
                for i in 0..<k {
                    w[i] = zeros & (1 << i) == 0 ? w0[i] - a - b * g[i] : 0
                    if w[i] < -1e-9 { inside = false }
                    gw += g[i] * w[i]
                    d += (w[i] - w0[i]) * (w[i] - w0[i])
                }
                if inside && gw <= 1e-9 { best = min(best, d) }
            }
        }
        return best.squareRoot()
    }
}

