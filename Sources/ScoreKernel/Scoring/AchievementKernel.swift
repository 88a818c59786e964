import CKernels

/// The achievement (完成度) of every indicator row by the rules of SPEC §4.1 and §4.3, and its
/// score rounded half away from zero in units of 10^-precision (§4.4).
///
/// One pass over the CSR indicator columns in C (`Sources/CKernels/achievement.c`): every
/// direction's formula is evaluated and the row's direction selects the result, so rows of mixed
/// directions cost no branches and the compiler vectorizes the loop. The C source is compiled for
/// baseline x86-64, AVX2 and AVX-512, and the widest path the CPU has runs (``KernelPath/best``); every
/// path gives the same bits (tested). Lanes where a formula divides by zero produce inf/NaN that
/// the selection discards.
struct AchievementKernel: Sendable {
    let precision: Int
    let path: KernelPath
    private let scheme: sk_achievement_scheme

    init(scheme: Scheme, path: KernelPath = .best) {
        precision = scheme.precision
        self.path = path
        self.scheme = sk_achievement_scheme(
            scale: Rounding.scale(scheme.precision), nudge: scheme.rounding.nudge, overshoot: scheme.overshootFlag,
            qualAchieved: scheme.qualitativeAchieved, qualPartial: scheme.qualitativePartial, qualNotAchieved: scheme.qualitativeNotAchieved,
            reverseLinear: scheme.reverse == .linear ? 1 : 0, equalTwoSided: scheme.equal == .twoSided ? 1 : 0,
            negativeAsZero: scheme.negativeActual == .zero ? 1 : 0)
    }

    /// Fills `achievement`, `score` and `flags` for rows `range` of `columns`.
    func run(
        _ c: IndicatorColumns, rows range: Range<Int>,
        achievement: UnsafeMutableBufferPointer<Double>, score: UnsafeMutableBufferPointer<Int64>,
        flags: UnsafeMutableBufferPointer<IndicatorFlags>
    ) {
        guard !range.isEmpty else { return }
        let i = range.lowerBound
        c.direction.withUnsafeBytes { direction in
        c.grade.withUnsafeBytes { grade in
        c.target.withUnsafeBufferPointer { target in
        c.targetHigh.withUnsafeBufferPointer { high in
        c.actual.withUnsafeBufferPointer { actual in
        c.points.withUnsafeBufferPointer { points in
        c.enteredScore.withUnsafeBufferPointer { entered in
            withUnsafePointer(to: scheme) { s in
                sk_achievement(path.c, s, range.count,
                               direction.baseAddress!.assumingMemoryBound(to: UInt8.self) + i,
                               grade.baseAddress!.assumingMemoryBound(to: UInt8.self) + i,
                               target.baseAddress! + i, high.baseAddress! + i, actual.baseAddress! + i, points.baseAddress! + i,
                               entered.baseAddress! + i, achievement.baseAddress! + i, score.baseAddress! + i,
                               UnsafeMutableRawPointer(flags.baseAddress! + i).assumingMemoryBound(to: UInt8.self))
            }
        }}}}}}}
    }

    typealias V = SIMD8<Double>

    /// Achievement, rounded score units (as `Double`) and flag bits of eight rows given as lanes
    /// (direction and grade as their raw codes): ``run(_:rows:achievement:score:flags:)`` on them.
    func compute(direction d: V, grade g: V, target A: V, high H: V, actual B: V, points w: V, entered e: V)
        -> (V, V, SIMD8<Int64>)
    {
        let lanes = 0..<8
        var columns = IndicatorColumns()
        for k in lanes {
            columns.direction.append(Direction(rawValue: UInt8(d[k]))!)
            columns.grade.append(QualitativeGrade(rawValue: UInt8(g[k]))!)
            columns.target.append(A[k])
            columns.targetHigh.append(H[k])
            columns.actual.append(B[k])
            columns.points.append(w[k])
            columns.enteredScore.append(e[k])
        }
        var achievement = [Double](repeating: 0, count: 8), score = [Int64](repeating: 0, count: 8)
        var flags = [IndicatorFlags](repeating: IndicatorFlags(rawValue: 0), count: 8)
        achievement.withUnsafeMutableBufferPointer { a in
            score.withUnsafeMutableBufferPointer { s in
                flags.withUnsafeMutableBufferPointer { f in run(columns, rows: lanes, achievement: a, score: s, flags: f) }
            }
        }
        var (ach, units, bits) = (V(), V(), SIMD8<Int64>())
        for k in lanes {
            ach[k] = achievement[k]
            units[k] = Double(score[k])
            bits[k] = Int64(flags[k].rawValue)
        }
        return (ach, units, bits)
    }
}
