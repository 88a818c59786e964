/// Every weight vector on the simplex with a given step and lower bound (SPEC §9 `--grid STEP[:MIN]`).
///
/// The vectors are w = (w_0, …, w_{K−1}) with w_k = minimum + j_k·step, j_k ≥ 0 integers and
/// Σ w_k = 100, i.e. Σ j_k = T = (100 − K·minimum)/step. There are C(T + K − 1, K − 1) of them:
/// step 10 over 4 categories gives C(13, 3) = 286; step 5 with minimum 10 gives T = 12 and
/// C(15, 3) = 455.
///
/// Weights are the decimals the user wrote, as exactly as a `Double` holds them. When step and
/// minimum are decimals with at most 9 places (steps such as 2.5 or 0.1, as typed on the command
/// line), each weight is computed in integer units of 10^−d and divided once:
/// w_k = (M + j_k·S) / 10^d, the `Double` nearest the decimal — so step 0.1 gives 0.3 and
/// 0.7, where 3 × 0.1 would give 0.30000000000000004. No category is derived from the others
/// (100 − Σ others would carry their rounding into it), so the weights of a vector sum to
/// 100 up to the rounding of each weight, not always to exactly 100. Steps that are not such
/// decimals (100/3) fall back to minimum + Double(j_k)·step, again for every category.
///
/// - Complexity: `vectors()` is O(count · K) time and memory; check ``count`` first.
public struct WeightGrid: Sendable {
    /// The step between neighbouring weights, in weight points.
    public let step: Double
    /// The least weight of any category, in weight points.
    public let minimum: Double
    /// K, the number of categories weighted.
    public let categories: Int

    /// How many vectors there are: C(T + K − 1, K − 1) with T = (100 − K·minimum)/step.
    public let count: Int

    /// T: the number of steps shared out among the categories.
    let steps: Int
    /// The weights in exact integer units of 10^−`places`, when step and minimum are decimals.
    let decimal: (step: Int, minimum: Int, places: Int)?

    /// The grid over `categories` weights, or an error saying what is wrong with the arguments
    /// (thrown rather than nil so that the CLI can show the reason).
    ///
    /// Throws when step ≤ 0, minimum < 0, either is not finite, categories < 1,
    /// categories × minimum > 100, (100 − K·minimum)/step is not an integer (within 1e-9; exactly,
    /// in units of 10^−d, for decimal arguments), or the count does not fit in an `Int`.
    public init(step: Double, minimum: Double = 0, categories: Int) throws(WeightGridError) {
        guard step.isFinite && step > 0 else { throw .stepNotPositive(step) }
        guard minimum.isFinite && minimum >= 0 else { throw .negativeMinimum(minimum) }
        guard categories >= 1 else { throw .noCategories }
        let k = Double(categories)
        guard k * minimum <= 100 else { throw .minimumTooLarge(minimum: minimum, categories: categories) }

        let steps: Int
        let decimal = Self.decimalUnits(step: step, minimum: minimum)
        if let decimal {
            // 100·10^d − K·M in integers, so without rounding (K·minimum ≤ 100 was checked above
            // in floating point; recheck it exactly).
            let hundred = 100 * Self.powerOfTen(decimal.places)
            let (spent, overflow) = categories.multipliedReportingOverflow(by: decimal.minimum)
            guard !overflow, spent <= hundred else {
                throw .minimumTooLarge(minimum: minimum, categories: categories)
            }
            guard (hundred - spent) % decimal.step == 0 else {
                throw .stepDoesNotDivide(step: step, minimum: minimum, categories: categories)
            }
            steps = (hundred - spent) / decimal.step
        } else {
            let t = (100 - k * minimum) / step
            let nearest = t.rounded()
            guard abs(t - nearest) <= 1e-9 else {
                throw .stepDoesNotDivide(step: step, minimum: minimum, categories: categories)
            }
            guard nearest < 0x1p53 else { throw .tooManyVectors }
            steps = Int(nearest)
        }
        let (n, overflow) = steps.addingReportingOverflow(categories - 1)
        guard !overflow, let count = Self.binomial(n, categories - 1) else { throw .tooManyVectors }

        self.step = step
        self.minimum = minimum
        self.categories = categories
        self.count = count
        self.steps = steps
        self.decimal = decimal
    }

    /// The vectors in lexicographic order of (w_0, w_1, …) ascending; each w_k = minimum + j_k·step, Σ = 100.
    public func vectors() -> [[Double]] {
        var result: [[Double]] = []
        result.reserveCapacity(count)
        let k = categories
        let t = steps
        // j[0..<K−1] are free; j[K−1] = T − their sum. Successor in lexicographic order: while
        // the last gets something, move one step from it to j[K−2]; otherwise zero the rightmost
        // free j[i] > 0 and add one to j[i−1] (the last gets the rest). Done when j[0] = T.
        var j = [Int](repeating: 0, count: k)
        j[k - 1] = t
        while true {
            result.append(j.map(weight))
            if k == 1 { break }
            if j[k - 1] > 0 {
                j[k - 2] += 1
                j[k - 1] -= 1
                continue
            }
            guard let i = (0..<k - 1).last(where: { j[$0] > 0 }), i > 0 else { break }
            j[k - 1] = j[i] - 1
            j[i] = 0
            j[i - 1] += 1
        }
        return result
    }

    /// minimum + j·step, exactly rounded from integer units when the arguments are decimals.
    func weight(_ j: Int) -> Double {
        if let decimal {
            return Double(decimal.minimum + j * decimal.step) / Double(Self.powerOfTen(decimal.places))
        }
        return minimum + Double(j) * step
    }

    /// (S, M, d) with step = S·10^−d and minimum = M·10^−d (to within 10^−13 relative), for the
    /// fewest places d ≤ 9 that work; nil when there is none.
    static func decimalUnits(step: Double, minimum: Double) -> (step: Int, minimum: Int, places: Int)? {
        for places in 0...9 {
            let scale = Double(powerOfTen(places))  // exact
            if let s = whole(step * scale), s > 0, let m = whole(minimum * scale) { return (s, m, places) }
        }
        return nil
    }

    /// `x` as an integer when it is one to within 10^−13 relative, below 2^50. A decimal read
    /// into a `Double` and scaled by an exact power of ten is off by at most two roundings
    /// (≈ 2.2·10^−16 relative); a decimal with more places is off by far more than 10^−13.
    private static func whole(_ x: Double) -> Int? {
        let r = x.rounded()
        guard r < 0x1p50, abs(x - r) <= 1e-13 * max(1, r) else { return nil }
        return Int(r)
    }

    private static func powerOfTen(_ d: Int) -> Int {
        var p = 1
        for _ in 0..<d { p *= 10 }
        return p
    }

    /// C(n, r), or nil when it does not fit in an `Int`. Each partial product C(n − r + i, i)
    /// is an integer, so the division is exact.
    static func binomial(_ n: Int, _ r: Int) -> Int? {
        let r = min(r, n - r)
        var c = 1
        if r <= 0 { return 1 }
        for i in 1...r {
            let (p, overflow) = c.multipliedReportingOverflow(by: n - r + i)
            guard !overflow else { return nil }
            c = p / i
        }
        return c
    }
}

/// Why a `--grid STEP[:MIN]` cannot be laid over the categories; `description` is a sentence for
/// the user.
public enum WeightGridError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step is 0, negative or not a number.
    case stepNotPositive(Double)
    /// The minimum is negative or not a number.
    case negativeMinimum(Double)
    /// There is nothing to weigh.
    case noCategories
    /// K × minimum is more than 100.
    case minimumTooLarge(minimum: Double, categories: Int)
    /// 100 − K × minimum is not a whole number of steps.
    case stepDoesNotDivide(step: Double, minimum: Double, categories: Int)
    /// The count does not fit in an `Int`.
    case tooManyVectors

    /// The problem as a sentence for the user.
    public var description: String {
        switch self {
        case .stepNotPositive(let step):
            "The grid step must be a number greater than 0, not \(Self.plain(step))."
        case .negativeMinimum(let minimum):
            "The grid minimum must be a number of 0 or more, not \(Self.plain(minimum))."
        case .noCategories:
            "A weight grid needs at least one category."
        case .minimumTooLarge(let minimum, let categories):
            "A minimum of \(Self.plain(minimum)) for each of \(categories) categories adds up to more than 100."
        case .stepDoesNotDivide(let step, let minimum, let categories):
            "The grid step \(Self.plain(step)) does not divide the \(Self.plain(100 - Double(categories) * minimum)) "
                + "points left above the minimum of \(categories) categories into whole steps; choose a step that does."
        case .tooManyVectors:
            "The grid has too many weight vectors to list; choose a larger step or a higher minimum."
        }
    }

    /// A number as people write it: 30, not 30.0.
    private static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
