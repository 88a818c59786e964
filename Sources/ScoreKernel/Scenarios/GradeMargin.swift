/// The grade-flip margin of one project (SPEC §9): how far the scheme's category weights must
/// move, in weight points, before the project's scenario score reaches a grade threshold. A
/// project with a small margin holds its grade only by the choice of weights; one with a large
/// margin holds it under any reasonable reweighting.
///
/// The project has achievement c_k ∈ [0, 1] and presence p_k ∈ {0, 1} in each of its K
/// categories; weights w (w ≥ 0, Σw = 100) score it S(w) = 100·(c·w)/(p·w) under `renormalize`
/// and S(w) = c·w under the zero policy. Weights are *admissible* when they also leave the
/// project an applicable category, p·w > 0. The margin is the least ‖w − w0‖ over admissible w
/// with S(w) ≤ t (down) or S(w) ≥ t (up).
///
/// **Reduction.** With g = 100c − t·p (renormalize) or g = 100c − t (zero, using Σw = 100),
/// S(w) ≤ t ⇔ g·w ≤ 0; upward uses −g. If g·w0 ≤ 0 the margin is 0. Otherwise admissible
/// weights exist iff some present category has g_k ≤ 0 or some absent one has g_k < 0 (nil when
/// none does), and then the infimum is the Euclidean projection w* of w0 onto the polytope
/// Q = {w ≥ 0, Σw = 100, g·w ≤ 0}: Q is the closure of the admissible part, which is convex.
/// (w* itself is always admissible: on the face p·w = 0 every absent g_k takes the same value,
/// 0, −t or t, and KKT there would need either g·w* < 0, so w* = w0, or Σ over absent w0_k ≥ 100.)
///
/// **Method** (IEEE + − × ÷ √ only, fixed order of operations, so bit-identical everywhere).
/// By KKT, w* = Π(w0 − λg) for the λ > 0 with h(λ) = g·Π(w0 − λg) = 0, where Π is the
/// projection onto the simplex {w ≥ 0, Σw = 100} (Michelot's algorithm: drop components at or
/// below the shift and recompute it, no sorting). h is continuous, non-increasing and piecewise
/// linear; on a piece with free set F (the positive components),
///
///     w_k = w0_k − ν − λ(g_k − ḡ)  (k ∈ F),   ν = (Σ_F w0 − 100)/|F|,   ḡ = mean_F g,
///     λ = Σ_F g_k (w0_k − ν) / Σ_F (g_k − ḡ)²
///
/// in closed form. That candidate is accepted when it satisfies KKT (λ ≥ 0, w_F ≥ 0, and
/// w0_k − ν − λ(g_k − ḡ) ≤ 0 off F, to 1e-9 weight points), which proves it optimal. The first
/// try is F = all categories (no weight hits 0, the usual case: the hyperplane projection
/// within Σw = 100). Otherwise Newton's method on h: evaluate Π(w0 − λg) at the trial λ, solve
/// its free set in closed form, and take that λ as the next trial. The slope of h on a piece is
/// −Σ_F (g_k − ḡ)²; after λ = 0+ categories only leave F (those with g_k above the mean, which
/// lowers ḡ, so none can enter), and each leaving one lowers that sum, so h is convex and the
/// iterates rise monotonically to the root, one piece further each time: at most K closed forms.
/// As a guard against rounding, the iteration keeps a bracket lo < λ < hi and falls back to
/// doubling or bisection when a Newton step leaves it or fails to halve it; if no closed form
/// passes (only seen at thresholds met to within rounding) it bisects down to adjacent doubles
/// and returns Π(w0 − λ_hi g), the feasible end of the bracket.
///
/// `least` compares the score through g·w in floating point, so at a threshold met to within
/// rounding (S(w0) = t) it may report 0 or a distance of order 1e-13 either way.
struct GradeMargin: Sendable, Equatable {
    /// ‖w − w0‖ in weight points.
    let distance: Double
    /// The category the least change raises most; nil when distance is 0.
    let toward: Int?

    /// The least change of `weights` (w0, Σ = 100, ≥ 0) that brings the score to or past `threshold`:
    /// downward (`up == false`: S ≤ t) or upward (S ≥ t). nil when no admissible weights do.
    static func least(achievement c: [Double], presence p: [Double], weights w0: [Double],
                      threshold t: Double, up: Bool, renormalize: Bool) -> GradeMargin? {
        guard let w = leastWeights(achievement: c, presence: p, weights: w0, threshold: t, up: up, renormalize: renormalize)
        else { return nil }
        var squared = 0.0
        var toward = 0
        for k in 0..<w0.count {
            let d = w[k] - w0[k]
            squared += d * d
            if d > w[toward] - w0[toward] { toward = k }  // strict: ties go to the lowest index
        }
        // (A change of rounding size, at S(w0) = t, may raise nothing; toward is still its largest.)
        if squared == 0 { return GradeMargin(distance: 0, toward: nil) }
        return GradeMargin(distance: squared.squareRoot(), toward: toward)
    }

    /// The weights that `least` measures against: w* (Σ = 100, ≥ 0, on or past the threshold),
    /// `w0` itself when it already is past, nil when no admissible weights are. Internal for tests.
    static func leastWeights(achievement c: [Double], presence p: [Double], weights w0: [Double],
                             threshold t: Double, up: Bool, renormalize: Bool) -> [Double]? {
        let n = w0.count
        precondition(n > 0 && c.count == n && p.count == n, "one achievement, presence and weight per category")
        var g = [Double](repeating: 0, count: n)
        var past = 0.0  // g·w0
        for k in 0..<n {
            let v = 100 * c[k] - t * (renormalize ? p[k] : 1)
            g[k] = up ? -v : v
            past += g[k] * w0[k]
        }
        if past <= 0 { return w0 }
        var admissible = false
        for k in 0..<n where p[k] > 0 ? g[k] <= 0 : g[k] < 0 {
            admissible = true
            break
        }
        guard admissible else { return nil }
        var solver = MarginSolver(g: g, w0: w0)
        return solver.solve()
    }
}

/// The projection of w0 onto {w ≥ 0, Σw = 100, g·w ≤ 0} when g·w0 > 0 and min g ≤ 0; scratch
/// arrays are allocated once, nothing per step.
private struct MarginSolver {
    let g: [Double]
    let w0: [Double]
    let n: Int
    /// Π(w0 − λg) after `project(λ)`.
    var w: [Double]
    /// The free set of `w`, or the set a closed form is tried on.
    var free: [Bool]
    /// The closed-form candidate after a successful `tryPiece`.
    var candidate: [Double]
    /// Π(w0 − λg) at the feasible end of the bracket (h ≤ 0).
    var best: [Double]

    /// Closed-form acceptance slack, in weight points (rounding in the terms is ~1e-13).
    static let slack = 1e-9
    /// Trials before giving up on the closed forms: doubling from 1 to overflow is ~1030,
    /// bisection to adjacent doubles ~1100 more; real data stop after a handful.
    static let maxTrials = 2300

    init(g: [Double], w0: [Double]) {
        self.g = g
        self.w0 = w0
        n = g.count
        w = [Double](repeating: 0, count: n)
        free = [Bool](repeating: true, count: n)
        candidate = [Double](repeating: 0, count: n)
        best = [Double](repeating: 0, count: n)
    }

    mutating func solve() -> [Double] {
        // The usual case: no weight hits 0, w* is the projection onto the hyperplane g·w = 0
        // within Σw = 100.
        for k in 0..<n { free[k] = true }
        var (newton, accepted) = tryPiece(at: 0)
        if accepted { return candidate }

        var lo = 0.0, hi = Double.infinity  // h(lo) > 0 ≥ h(hi)
        var haveBest = false
        var trial = newton > 0 && newton.isFinite ? newton : 1
        var wasNewton = newton > 0 && newton.isFinite
        var widthBefore = Double.infinity
        for _ in 0..<Self.maxTrials {
            let h = project(trial)
            if h > 0 {
                lo = trial
            } else {
                hi = trial
                for k in 0..<n { best[k] = w[k] }
                haveBest = true
                if h == 0 { return best }  // Π(w0 − λg) with g·w = 0 satisfies KKT exactly
            }
            (newton, accepted) = tryPiece(at: trial)
            if accepted { return candidate }

            let width = hi - lo
            // Newton only while it converges at least as fast as bisection would.
            let newtonAllowed = !wasNewton || width <= widthBefore / 2
            widthBefore = width
            if newtonAllowed && newton > lo && newton < hi && newton != trial {
                trial = newton
                wasNewton = true
            } else if hi == .infinity {
                trial = 2 * lo
                wasNewton = false
                if !trial.isFinite { break }
            } else {
                let mid = lo + (hi - lo) / 2
                if mid <= lo || mid >= hi { break }  // adjacent doubles
                trial = mid
                wasNewton = false
            }
        }
        if haveBest { return best }
        // Unreachable for finite data (h reaches 100·min g ≤ 0 at a finite λ): the vertex of
        // the most favourable category.
        var k0 = 0
        for k in 1..<n where g[k] < g[k0] { k0 = k }
        for k in 0..<n { best[k] = k == k0 ? 100 : 0 }
        return best
    }

    /// Writes Π(w0 − λg) into `w` and its free set into `free`; returns h(λ) = g·w.
    /// Michelot: shift all by the mean excess, drop those at or below the shift, repeat.
    mutating func project(_ lambda: Double) -> Double {
        var sum = 0.0
        for k in 0..<n {
            w[k] = w0[k] - lambda * g[k]
            free[k] = true
            sum += w[k]
        }
        var shift = (sum - 100) / Double(n)
        while true {
            var kept = 0
            sum = 0
            for k in 0..<n where free[k] && w[k] > shift {
                kept += 1
                sum += w[k]
            }
            if kept == 0 { break }  // cannot happen in exact arithmetic (the largest exceeds the shift by ≥ 100/n)
            var dropped = false
            for k in 0..<n where free[k] && !(w[k] > shift) {
                free[k] = false
                dropped = true
            }
            if !dropped { break }
            shift = (sum - 100) / Double(kept)
        }
        var h = 0.0
        for k in 0..<n {
            w[k] = free[k] ? w[k] - shift : 0
            h += g[k] * w[k]
        }
        return h
    }

    /// The closed-form solution on the piece with free set `free`: returns its λ (0 when the
    /// piece has constant g, which has no single root) and whether it satisfies KKT, in which
    /// case `candidate` holds it. `flat` is the λ to test when g is 0 on the whole free set.
    mutating func tryPiece(at flat: Double) -> (lambda: Double, accepted: Bool) {
        var count = 0
        var sumW = 0.0, sumG = 0.0
        for k in 0..<n where free[k] {
            count += 1
            sumW += w0[k]
            sumG += g[k]
        }
        if count == 0 { return (0, false) }
        let m = Double(count)
        let meanG = sumG / m
        let nu = (sumW - 100) / m
        var spread = 0.0, rise = 0.0  // Σ_F (g − ḡ)², Σ_F g (w0 − ν)
        for k in 0..<n where free[k] {
            let d = g[k] - meanG
            spread += d * d
            rise += g[k] * (w0[k] - nu)
        }
        let lambda: Double
        if spread > 0 {
            lambda = rise / spread
        } else if meanG == 0 {
            lambda = flat  // h ≡ 0 on this piece: any λ of it gives the same w
        } else {
            return (0, false)
        }
        guard lambda >= 0 && lambda.isFinite else { return (lambda, false) }
        for k in 0..<n {
            let v = w0[k] - nu - lambda * (g[k] - meanG)
            if free[k] {
                if v < -Self.slack { return (lambda, false) }
                candidate[k] = v > 0 ? v : 0
            } else {
                if v > Self.slack { return (lambda, false) }
                candidate[k] = 0
            }
        }
        return (spread > 0 ? lambda : 0, true)
    }
}
