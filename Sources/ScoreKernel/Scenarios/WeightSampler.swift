/// How Monte Carlo scenarios perturb the scheme's category weights (SPEC §9): each scenario is
/// one draw of K category weights around the base weights w (the scheme's), each ≥ 0 and summing
/// to 100.
///
/// Draws are counter-based and machine-independent, so a run is reproducible from its seed alone
/// whatever the machine, thread count or split of the work into shards:
///
/// - Scenario m reads the stream `SplitMix64(seed: seed, stream: UInt64(m))` and nothing else:
///   its weights depend on (seed, m, base) only, never on which scenarios were drawn before.
/// - Every step is IEEE-754 + − × ÷ √ or `IEEEMath`'s `log`/`exp` (never the platform's libm),
///   in a fixed order, so the same seed gives the same bits everywhere.
/// - Categories are visited in order k = 0, 1, …; a category whose base weight is 0 draws
///   nothing and stays exactly 0 (it is not part of the scheme).
///
/// The last step divides by the sum: weight k is (x_k / Σx) · 100, so the weights sum to 100 up
/// to rounding (within a few ulps of 100), and a single applicable category gets exactly 100.
/// When Σx is already exactly 100 the values are returned as they are.
public enum WeightSampler: Sendable, Equatable {
    /// Dirichlet with α_k = κ·w_k/Σw (κ = concentration, default 50 at the CLI).
    ///
    /// The mean of weight k is w_k·100/Σw and the variance of weight k / 100 is
    /// π_k(1 − π_k)/(κ + 1), π_k = w_k/Σw: the larger κ, the closer the draws stay to the base.
    /// Drawn as independent Gamma(α_k, 1) variates x_k, normalised: x_k/Σx · 100.
    case dirichlet(concentration: Double)
    /// Each weight uniform in [w_k − s, w_k + s], clamped at 0, then renormalised to 100.
    ///
    /// Weight k is w_k + s·(2u − 1) with u = `unit()` in [0, 1), clamped at 0; if every weight
    /// clamps to 0 (possible only when s ≥ every w_k) the scenario falls back to the base
    /// weights (rescaled to 100 if they do not already sum to 100). Zero base weights stay 0.
    case uniform(spread: Double)

    /// The weights of scenario `m` of a run seeded with `seed`: K values ≥ 0 summing to 100
    /// (up to rounding of the final division), depending on (seed, m, base) only.
    ///
    /// - Parameters:
    ///   - base: the scheme's category weights, K ≥ 1 finite values ≥ 0 with a positive sum
    ///     (usually summing to 100). Checked by a precondition: the caller validates user input.
    ///   - seed: the run's seed.
    ///   - m: the scenario's index (≥ 0) in the run.
    public func weights(base: [Double], seed: UInt64, scenario m: Int) -> [Double] {
        precondition(m >= 0, "scenario index must be ≥ 0")
        var total = 0.0
        for w in base {
            precondition(w.isFinite && w >= 0, "base weights must be finite and ≥ 0")
            total += w
        }
        precondition(total > 0, "base weights must have a positive sum")
        var random = SplitMix64(seed: seed, stream: UInt64(m))
        switch self {
        case .dirichlet(let kappa):
            precondition(kappa.isFinite && kappa > 0, "concentration must be positive")
            return Self.dirichlet(base: base, total: total, kappa: kappa, &random)
        case .uniform(let s):
            precondition(s.isFinite && s >= 0, "spread must be ≥ 0")
            return Self.uniform(base: base, spread: s, &random)
        }
    }

    // MARK: Dirichlet

    /// Gamma(α_k, 1) per applicable category, normalised.
    ///
    /// For α < 1 a draw is Gamma(α + 1)·U^(1/α), and U^(1/α) = exp(log U / α) can underflow to
    /// 0 for small α (log U / α < −745) — for every category at once when κ is small, which
    /// would leave nothing to normalise. So each draw is kept as g_k·e^(e_k), with g_k the
    /// Gamma(α_k or α_k + 1) value (a normal number) and e_k = log U / α_k (0 when α_k ≥ 1);
    /// x_k = g_k·exp(e_k − max e) is the draw scaled by the common factor e^(−max e), which the
    /// normalisation cancels. When every α_k ≥ 1, max e = 0 and x_k = g_k exactly.
    private static func dirichlet(base: [Double], total: Double, kappa: Double, _ random: inout SplitMix64) -> [Double] {
        var g = [Double](repeating: 0, count: base.count)
        var e = [Double](repeating: 0, count: base.count)
        var largest = -Double.infinity
        for k in base.indices where base[k] > 0 {
            let alpha = kappa * base[k] / total
            if alpha >= 1 {
                g[k] = gamma(alpha, &random)
                e[k] = 0
            } else {
                g[k] = gamma(alpha + 1, &random)
                e[k] = IEEEMath.log(openUnit(&random)) / alpha
            }
            if e[k] > largest { largest = e[k] }
        }
        var x = [Double](repeating: 0, count: base.count)
        var sum = 0.0
        for k in base.indices where base[k] > 0 {
            x[k] = e[k] == largest ? g[k] : g[k] * IEEEMath.exp(e[k] - largest)
            sum += x[k]
        }
        return normalised(x, sum: sum)
    }

    /// A Gamma(α, 1) variate for α ≥ 1 by Marsaglia & Tsang (2000), "A simple method for
    /// generating gamma variables": d = α − 1/3, c = 1/√(9d); repeat x ~ N(0, 1),
    /// v = (1 + c·x)³ until v > 0 and (U < 1 − 0.0331·x⁴ or log U < x²/2 + d·(1 − v + log v));
    /// return d·v. Acceptance is above 95 % for every α ≥ 1.
    private static func gamma(_ alpha: Double, _ random: inout SplitMix64) -> Double {
        let d = alpha - 1.0 / 3.0
        let c = 1.0 / (9.0 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal(&random)
                v = 1.0 + c * x
            } while v <= 0
            v = v * v * v
            let u = openUnit(&random)
            let xx = x * x
            if u < 1.0 - 0.0331 * (xx * xx) { return d * v }
            if IEEEMath.log(u) < 0.5 * xx + d * ((1.0 - v) + IEEEMath.log(v)) { return d * v }
        }
    }

    /// A standard normal variate by the Marsaglia polar method (1964): a, b uniform in [−1, 1)
    /// until 0 < s = a² + b² < 1, then a·√(−2·log s / s). Only the first of the pair is used, so
    /// each call's draws depend on nothing but the stream.
    private static func normal(_ random: inout SplitMix64) -> Double {
        while true {
            let a = 2.0 * random.unit() - 1.0
            let b = 2.0 * random.unit() - 1.0
            let s = a * a + b * b
            if s < 1 && s > 0 {  // s > 0 guards log(0)
                return a * (-2.0 * IEEEMath.log(s) / s).squareRoot()
            }
        }
    }

    /// Uniform in the open interval (0, 1): the midpoints (n + ½)·2^−52 of 2^52 equal cells,
    /// n from the top 52 bits (exact: n + ½ needs 53 bits). Never 0, so log U is finite.
    private static func openUnit(_ random: inout SplitMix64) -> Double {
        (Double(random.next() >> 12) + 0.5) * 0x1p-52
    }

    // MARK: Uniform

    private static func uniform(base: [Double], spread s: Double, _ random: inout SplitMix64) -> [Double] {
        var x = [Double](repeating: 0, count: base.count)
        var sum = 0.0
        for k in base.indices where base[k] > 0 {
            let w = base[k] + s * (2.0 * random.unit() - 1.0)
            x[k] = w > 0 ? w : 0
            sum += x[k]
        }
        if sum > 0 { return normalised(x, sum: sum) }
        var baseSum = 0.0
        for w in base { baseSum += w }
        return normalised(base, sum: baseSum)
    }

    // MARK: Normalising

    /// x_k / sum · 100 for each k (sum > 0 is Σx in index order); `x` itself when the sum is
    /// exactly 100. Dividing first makes a lone non-zero value exactly 100.
    private static func normalised(_ x: [Double], sum: Double) -> [Double] {
        if sum == 100 { return x }
        return x.map { $0 / sum * 100 }
    }
}
