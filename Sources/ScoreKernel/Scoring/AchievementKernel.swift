/// The achievement (完成度) of every indicator row by the rules of SPEC §4.1 and §4.3, and its
/// score rounded half away from zero in units of 10^-precision (§4.4).
///
/// One pass over the CSR indicator columns, eight rows at a time in `SIMD8<Double>`: every
/// direction's formula is evaluated on all lanes and the lane's direction selects the result,
/// so rows of mixed directions cost no branches. Lanes where a formula divides by zero produce
/// inf/NaN that the selection discards.
struct AchievementKernel: Sendable {
    let precision: Int
    let reverseLinear: Bool
    let equalTwoSided: Bool
    let negativeAsZero: Bool
    let overshoot: Double
    let qualitative: (achieved: Double, partial: Double, notAchieved: Double)

    init(scheme: Scheme) {
        precision = scheme.precision
        reverseLinear = scheme.reverse == .linear
        equalTwoSided = scheme.equal == .twoSided
        negativeAsZero = scheme.negativeActual == .zero
        overshoot = scheme.overshootFlag
        qualitative = (scheme.qualitativeAchieved, scheme.qualitativePartial, scheme.qualitativeNotAchieved)
    }

    typealias V = SIMD8<Double>

    /// Fills `achievement`, `score` and `flags` for rows `range` of `columns`.
    func run(
        _ c: IndicatorColumns, rows range: Range<Int>,
        achievement: UnsafeMutableBufferPointer<Double>, score: UnsafeMutableBufferPointer<Int64>,
        flags: UnsafeMutableBufferPointer<IndicatorFlags>
    ) {
        c.direction.withUnsafeBufferPointer { direction in
        c.grade.withUnsafeBufferPointer { grade in
        c.target.withUnsafeBufferPointer { target in
        c.targetHigh.withUnsafeBufferPointer { high in
        c.actual.withUnsafeBufferPointer { actual in
        c.points.withUnsafeBufferPointer { points in
        c.enteredScore.withUnsafeBufferPointer { entered in
            var i = range.lowerBound
            while i < range.upperBound {
                let n = min(8, range.upperBound - i)
                var d = V(repeating: 0), g = V(repeating: 0), a = V(repeating: 1), h = V(repeating: 1)
                var b = V(repeating: 1), w = V(repeating: 1), e = V(repeating: .nan)
                if n == 8 {
                    d = Self.bytes(direction, i)
                    g = Self.bytes(grade, i)
                    a = Self.load(target, i)
                    h = Self.load(high, i)
                    b = Self.load(actual, i)
                    w = Self.load(points, i)
                    e = Self.load(entered, i)
                } else {
                    for k in 0..<n {
                        d[k] = Double(direction[i + k].rawValue)
                        g[k] = Double(grade[i + k].rawValue)
                        a[k] = target[i + k]
                        h[k] = high[i + k]
                        b[k] = actual[i + k]
                        w[k] = points[i + k]
                        e[k] = entered[i + k]
                    }
                }
                let (ach, units, bits) = compute(direction: d, grade: g, target: a, high: h, actual: b, points: w, entered: e)
                for k in 0..<n {
                    achievement[i + k] = ach[k]
                    score[i + k] = units[k]
                    flags[i + k] = IndicatorFlags(rawValue: UInt8(truncatingIfNeeded: bits[k]))
                }
                i += n
            }
        }}}}}}}
    }

    @inline(__always)
    static func load(_ p: UnsafeBufferPointer<Double>, _ i: Int) -> V {
        UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func bytes<T>(_ p: UnsafeBufferPointer<T>, _ i: Int) -> V {
        let raw = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: SIMD8<UInt8>.self)
        return V(SIMD8<Int64>(truncatingIfNeeded: raw))
    }

    /// Achievement, rounded score units and flag bits of eight rows.
    @inline(__always)
    func compute(direction d: V, grade g: V, target A: V, high H: V, actual rawB: V, points w: V, entered e: V)
        -> (V, SIMD8<Int64>, SIMD8<Int64>)
    {
        let zero = V(repeating: 0)
        let one = V(repeating: 1)
        let B = negativeAsZero ? rawB.replacing(with: zero, where: rawB .< zero) : rawB

        // >= and >: min(B/A, 1); A = 0 → 1 when B ≥ 0.
        let ratio = B / A
        var atLeast = ratio.replacing(with: one, where: ratio .> one)
        atLeast.replace(with: zero.replacing(with: one, where: B .>= zero), where: A .== zero)

        // <= and <: 1 when B ≤ A; else ratio A/B or linear 1 − (B − A)/A; A = 0 → 0.
        var reverse = reverseLinear ? (one - (B - A) / A) : A / B
        reverse.replace(with: zero, where: reverse .< zero)
        reverse.replace(with: zero, where: A .== zero)
        reverse.replace(with: one, where: B .<= A)

        // =: as_positive → as >=; two_sided → >= below, <= above; A = 0 → 1 when B ≤ 0, else 0.
        var equal = equalTwoSided ? atLeast.replacing(with: reverse, where: B .> A) : atLeast
        equal.replace(with: zero.replacing(with: one, where: B .<= zero), where: A .== zero)

        // range [L, H]: inside 1; below as >= with A = L (0 when L ≤ 0); above as <= with A = H.
        let L = A
        var range = (B / L).replacing(with: zero, where: L .<= zero)
        let aboveRatio = reverseLinear ? (one - (B - H) / H) : H / B
        var above = aboveRatio.replacing(with: zero, where: aboveRatio .< zero)
        above.replace(with: zero, where: H .== zero)
        range.replace(with: above, where: B .> H)
        range.replace(with: one, where: (B .>= L) .& (B .<= H))

        // qualitative: the entered score's share of the points, else the scheme's grade value.
        var qual = V(repeating: qualitative.notAchieved)
        qual.replace(with: V(repeating: qualitative.partial), where: g .== V(repeating: Double(QualitativeGrade.partial.rawValue)))
        qual.replace(with: V(repeating: qualitative.achieved), where: g .== V(repeating: Double(QualitativeGrade.achieved.rawValue)))
        let hasEntered = e .== e
        qual.replace(with: e / w, where: hasEntered)

        let isAtLeast = d .<= V(repeating: Double(Direction.above.rawValue))
        let isReverse = (d .== V(repeating: Double(Direction.atMost.rawValue))) .| (d .== V(repeating: Double(Direction.below.rawValue)))
        let isEqual = d .== V(repeating: Double(Direction.equal.rawValue))
        let isRange = d .== V(repeating: Double(Direction.range.rawValue))
        let isQual = d .== V(repeating: Double(Direction.qualitative.rawValue))
        var ach = atLeast
        ach.replace(with: reverse, where: isReverse)
        ach.replace(with: equal, where: isEqual)
        ach.replace(with: range, where: isRange)
        ach.replace(with: qual, where: isQual)

        // Rounded score: floor(w·a·10^p + 0.5 + 1e-6); a qualitative entered score is rounded as entered.
        let scale = V(repeating: Rounding.scale(precision))
        var raw = w * ach * scale
        raw.replace(with: e * scale, where: isQual .& hasEntered)
        let units = SIMD8<Int64>((raw + V(repeating: 0.5 + 1e-6)).rounded(.down), rounding: .towardZero)

        // Flags.
        let overshootDirection = equalTwoSided ? isAtLeast : (isAtLeast .| isEqual)
        let isOvershoot = overshootDirection .& (A .> zero) .& (B .>= A * V(repeating: overshoot))
        var bits = SIMD8<Int64>(repeating: 0)
        bits.replace(with: Int64(IndicatorFlags.overshoot.rawValue), where: isOvershoot)
        bits.replace(with: bits | Int64(IndicatorFlags.underachieved.rawValue), where: ach .< one)
        return (ach, units, bits)
    }
}
