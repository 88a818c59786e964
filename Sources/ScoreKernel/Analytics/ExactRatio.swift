/// A nonnegative rational number, numerator below 2^128 and denominator below 2^64, kept in
/// lowest terms so that equal values have one representation.
///
/// Department statistics on rounded totals are such ratios of integers (SPEC §7): a mean is
/// Σ units / count, a fund-weighted mean Σ budget·units / Σ budget (a 128-bit numerator: budgets
/// in millionths times totals in units pass 2^63), a median (a + b) / 2. Ranks compare them
/// exactly by cross-multiplication, so equal means tie whatever their counts; and because the
/// representation is canonical, equal ratios convert to the same `Double`.
struct ExactRatio: Comparable, Sendable {
    /// The numerator, as high and low 64 bits.
    let high: UInt64
    let low: UInt64
    /// The denominator, above 0.
    let denominator: UInt64

    /// `numerator / denominator`; both nonnegative, the denominator above 0. Scores are never
    /// negative (SPEC §4: achievements in [0, 1], positive points, execution rates ≥ 0).
    init(_ numerator: Int64, over denominator: Int64) {
        precondition(numerator >= 0 && denominator > 0, "ratio of \(numerator) over \(denominator)")
        self.init(Sum(high: 0, low: UInt64(numerator)), over: UInt64(denominator))
    }

    /// `numerator / denominator`, reduced to lowest terms.
    init(_ numerator: Sum, over denominator: UInt64) {
        precondition(denominator > 0, "ratio over 0")
        // gcd(n, d) = gcd(d, n mod d); n mod d in two 128-by-64 steps.
        let remainder = denominator.dividingFullWidth((numerator.high % denominator, numerator.low)).remainder
        var a = denominator
        var b = remainder
        while b != 0 { (a, b) = (b, a % b) }
        let highQuotient = numerator.high / a
        let lowQuotient = a.dividingFullWidth((numerator.high % a, numerator.low)).quotient
        high = highQuotient
        low = lowQuotient
        self.denominator = denominator / a
    }

    /// The value divided by `scale` (10^precision turns units into points), to within an ulp or
    /// two; correctly rounded when numerator and denominator × scale are below 2^53 (every mean
    /// and quantile of realistic batches).
    func value(dividedBy scale: Double) -> Double {
        (Double(high) * 0x1p64 + Double(low)) / (Double(denominator) * scale)
    }

    static func == (a: ExactRatio, b: ExactRatio) -> Bool {
        a.high == b.high && a.low == b.low && a.denominator == b.denominator
    }

    /// a/b < c/d ⇔ a·d < c·b, in 192 bits.
    static func < (a: ExactRatio, b: ExactRatio) -> Bool {
        let left = a.crossProduct(b.denominator)
        let right = b.crossProduct(a.denominator)
        return (left.0, left.1, left.2) < (right.0, right.1, right.2)
    }

    /// The numerator times `factor`, as 192 bits from the most significant word.
    private func crossProduct(_ factor: UInt64) -> (UInt64, UInt64, UInt64) {
        let lowProduct = low.multipliedFullWidth(by: factor)
        let highProduct = high.multipliedFullWidth(by: factor)
        let (middle, carry) = lowProduct.high.addingReportingOverflow(highProduct.low)
        return (highProduct.high + (carry ? 1 : 0), middle, lowProduct.low)
    }
}

extension ExactRatio {
    /// A 128-bit sum of nonnegative 64-bit products (Σ budget·total), exact.
    struct Sum: Sendable {
        var high: UInt64 = 0
        var low: UInt64 = 0

        /// Adds `a × b`.
        @inline(__always)
        mutating func add(_ a: UInt64, times b: UInt64) {
            let p = a.multipliedFullWidth(by: b)
            let (l, carry) = low.addingReportingOverflow(p.low)
            low = l
            high += p.high + (carry ? 1 : 0)
        }

        /// Adds another sum.
        mutating func add(_ other: Sum) {
            let (l, carry) = low.addingReportingOverflow(other.low)
            low = l
            high += other.high + (carry ? 1 : 0)
        }
    }
}
