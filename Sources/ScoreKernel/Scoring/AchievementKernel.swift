/// The achievement (完成度) of every indicator row by the rules of SPEC §4.1 and §4.3, and its
/// score rounded half away from zero in units of 10^-precision (§4.4).
///
/// One pass over the CSR indicator columns, eight rows at a time in `SIMD8<Double>`: every
/// direction's formula is evaluated on all lanes and the lane's direction selects the result,
/// so rows of mixed directions cost no branches. Lanes where a formula divides by zero produce
/// inf/NaN that the selection discards.
struct AchievementKernel: Sendable {
    let precision: Int
    /// ``RoundingRule/nudge`` of the scheme's rounding.
    let nudge: Double
    let reverseLinear: Bool
    let equalTwoSided: Bool
    let negativeAsZero: Bool
    let overshoot: Double
    let qualitative: (achieved: Double, partial: Double, notAchieved: Double)

    init(scheme: Scheme) {
        precision = scheme.precision
        nudge = scheme.rounding.nudge
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
                if n == 8 {
                    UnsafeMutableRawPointer(achievement.baseAddress! + i).storeBytes(of: ach, as: V.self)
                } else {
                    for k in 0..<n { achievement[i + k] = ach[k] }
                }
                for k in 0..<n {
                    score[i + k] = Int64(units[k])
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

    /// Achievement, rounded score units (whole numbers held as `Double`) and flag bits of eight rows.
    @inline(__always)
    func compute(direction d: V, grade g: V, target A: V, high H: V, actual rawB: V, points w: V, entered e: V)
        -> (V, V, SIMD8<Int64>)
    {
        let zero = V(repeating: 0)
        let one = V(repeating: 1)
        let B = negativeAsZero ? rawB.replacing(with: zero, where: rawB .< zero) : rawB

        let isAtLeast = d .<= V(repeating: Double(Direction.above.rawValue))
        let isReverse = (d .== V(repeating: Double(Direction.atMost.rawValue))) .| (d .== V(repeating: Double(Direction.below.rawValue)))
        let isEqual = d .== V(repeating: Double(Direction.equal.rawValue))
        let isRange = d .== V(repeating: Double(Direction.range.rawValue))
        let isQual = d .== V(repeating: Double(Direction.qualitative.rawValue))
        let isDeadline = d .== V(repeating: Double(Direction.deadline.rawValue))
        let hasEntered = e .== e

        // Every quantitative rule is a ratio of the actual B and one bound X (the target A, or the
        // range's upper bound H when B is above it), going up (B/X, capped at 1) or down
        // (ratio X/B, or linear 1 − (B − X)/X = 2 − B/X). One division per row, whatever the rule.
        let aboveRange = isRange .& (B .> H)
        let X = A.replacing(with: H, where: aboveRange)
        var down = isReverse .& (B .> A)
        if equalTwoSided { down = down .| (isEqual .& (B .> A)) }
        down = down .| aboveRange
        let flip = reverseLinear ? SIMDMask<SIMD8<Int64>>(repeating: false) : down
        var numerator = B.replacing(with: X, where: flip)
        var denominator = X.replacing(with: B, where: flip)
        numerator.replace(with: e, where: isQual)
        denominator.replace(with: w, where: isQual)
        let q = numerator / denominator

        var ach = q.replacing(with: one, where: q .> one)  // up: min(B/X, 1)
        if reverseLinear {
            let linear = V(repeating: 2) - q
            ach.replace(with: linear.replacing(with: zero, where: linear .< zero), where: down)
        } else {
            ach.replace(with: q, where: down)  // X/B < 1
        }
        // Exact cases: a reverse row at or below target; A = 0 on >= (1 when B ≥ 0) and on = (1 when
        // B ≤ 0, else 0); a range row inside its bounds.
        ach.replace(with: one, where: isReverse .& (B .<= A))
        ach.replace(with: zero.replacing(with: one, where: B .>= zero), where: isAtLeast .& (A .== zero))
        ach.replace(with: zero.replacing(with: one, where: B .<= zero), where: isEqual .& (A .== zero))
        ach.replace(with: one, where: isRange .& (B .>= A) .& (B .<= H))
        // Qualitative: the entered score's share of the points, else the scheme's grade value.
        var qual = V(repeating: qualitative.notAchieved)
        qual.replace(with: V(repeating: qualitative.partial), where: g .== V(repeating: Double(QualitativeGrade.partial.rawValue)))
        qual.replace(with: V(repeating: qualitative.achieved), where: g .== V(repeating: Double(QualitativeGrade.achieved.rawValue)))
        ach.replace(with: qual, where: isQual .& .!hasEntered)
        // Deadline: met on or before the date (yyyymmdd) or not at all.
        ach.replace(with: zero.replacing(with: one, where: B .<= A), where: isDeadline)

        // Rounded score: floor(w·a·10^p + nudge) (½ + 1e-6 half away, 1e-6 truncating); a
        // qualitative entered score is rounded as entered.
        let scale = V(repeating: Rounding.scale(precision))
        var raw = w * ach * scale
        raw.replace(with: e * scale, where: isQual .& hasEntered)
        let units = Rounding.floorNonNegative(raw + V(repeating: nudge))

        // Flags.
        let overshootDirection = equalTwoSided ? isAtLeast : (isAtLeast .| isEqual)
        let isOvershoot = overshootDirection .& (A .> zero) .& (B .>= A * V(repeating: overshoot))
        var bits = SIMD8<Int64>(repeating: 0)
        bits.replace(with: Int64(IndicatorFlags.overshoot.rawValue), where: isOvershoot)
        bits.replace(with: bits | Int64(IndicatorFlags.underachieved.rawValue), where: ach .< one)
        return (ach, units, bits)
    }
}
