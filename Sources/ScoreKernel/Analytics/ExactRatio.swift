/// A nonnegative rational number with a 128-bit numerator and denominator, kept in lowest terms
/// so that equal values have one representation.
///
/// Department statistics on rounded totals are such ratios of integers (SPEC §7): a mean is
/// Σ units / count, a fund-weighted mean Σ budget·units / Σ budget (budgets in millionths of a
/// yuan pass 2^63 once a province's are added up, and times totals in units pass 2^64), a median
/// (a + b) / 2. Ranks compare them exactly by cross-multiplication in 256 bits, so equal means tie
/// whatever their counts; and because the representation is canonical, equal ratios convert to
/// the same `Double`.
struct ExactRatio: Comparable, Sendable {
    let numerator: UInt128
    /// Above 0.
    let denominator: UInt128

    /// `numerator / denominator`; both nonnegative, the denominator above 0. Scores are never
    /// negative (SPEC §4: achievements in [0, 1], positive points, execution rates ≥ 0).
    init(_ numerator: Int64, over denominator: Int64) {
        precondition(numerator >= 0 && denominator > 0, "ratio of \(numerator) over \(denominator)")
        self.init(UInt128(numerator), over: UInt128(denominator))
    }

    /// `numerator / denominator`, reduced to lowest terms.
    init(_ numerator: UInt128, over denominator: UInt128) {
        precondition(denominator > 0, "ratio over 0")
        var a = denominator
        var b = numerator % denominator
        while b != 0 { (a, b) = (b, a % b) }
        self.numerator = numerator / a
        self.denominator = denominator / a
    }

    /// The value divided by `scale` (a power of ten up to 10^12: 10^precision turns units into
    /// points, its square units² into points²), correctly rounded (to nearest, ties to even) for
    /// every value from 2^-9 up to 2^64: the integer quotient and 64 more bits of it are taken
    /// exactly, the rest of the division kept as a sticky bit. Smaller values (a fraction of a
    /// unit, which no mean of totals is unless it is 0) are within an ulp.
    func value(dividedBy scale: Double) -> Double {
        let (d, overflow) = denominator.multipliedReportingOverflow(by: UInt128(scale))
        guard !overflow, numerator / d < 1 << 64 else { return Double(numerator) / (Double(denominator) * scale) }
        let q = numerator / d, r = numerator % d
        // 64 fraction bits: ⌊r · 2^64 / d⌋, r < d, as a 256-bit division.
        let (fraction, rest) = d.dividingFullWidth((high: r >> 64, low: UInt128.Magnitude(truncatingIfNeeded: r << 64)))
        var fixed = q << 64 | fraction
        if rest != 0 { fixed |= 1 }  // below every bit a Double keeps, when the value is ≥ 2^-9
        return Double(fixed) * 0x1p-64
    }

    /// a/b < c/d ⇔ a·d < c·b, in 256 bits.
    static func < (a: ExactRatio, b: ExactRatio) -> Bool {
        let left = a.numerator.multipliedFullWidth(by: b.denominator)
        let right = b.numerator.multipliedFullWidth(by: a.denominator)
        return (left.high, left.low) < (right.high, right.low)
    }
}
