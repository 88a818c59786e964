import Glibc

/// Rounding half away from zero at a number of decimals, into integer units of 10^-precision
/// (SPEC §4.4), so that sums of rounded scores are exact.
///
/// A product such as 20 × 0.43125 lands a hair below 8.625 in binary; official systems (and
/// Excel's ROUND) round it as the decimal it stands for. The nudge of 10⁻⁶ units before the floor
/// does the same, the rule SPEC §4.5 states for scenario totals.
enum Rounding {
    /// `x` rounded half away from zero, in units of 10^-`precision` (8.625 at 2 → 863).
    static func units(_ x: Double, precision: Int, rule: RoundingRule = .halfAway) -> Int64 {
        let y = abs(x) * scale(precision) + rule.nudge
        // Truncation is the floor of a non-negative number, and one instruction where `floor` is a
        // libm call (baseline x86-64 has no SSE4.1 rounding).
        let r = y < 9.0e18 ? Int64(y) : Int64(floor(y))
        return x < 0 ? -r : r
    }

    /// ⌊x⌋ lane by lane for 0 ≤ x < 2^52, with plain adds and a compare: adding and removing 2^52
    /// rounds to an integer, and one is taken off where that rounded up. (`rounded(.down)` is eight
    /// libm calls at the baseline x86-64 target.)
    static func floorNonNegative(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let magic = SIMD8<Double>(repeating: 4_503_599_627_370_496)  // 2^52
        var t = (x + magic) - magic
        t.replace(with: t - 1, where: t .> x)
        return t
    }

    /// ⌊x⌋ for 0 ≤ x < 2^52, as ``floorNonNegative(_:)-(SIMD8<Double>)`` takes it lane by lane
    /// (NaN stays NaN): for per-row loops, where `rounded(.down)` is a libm call.
    @inline(__always)
    static func floorNonNegative(_ x: Double) -> Double {
        let t = (x + 4_503_599_627_370_496) - 4_503_599_627_370_496  // ± 2^52
        return t > x ? t - 1 : t
    }

    /// `x` rounded half away from zero at `precision` decimals, as a `Double`.
    static func rounded(_ x: Double, precision: Int) -> Double {
        Double(units(x, precision: precision)) / scale(precision)
    }

    /// 10^precision.
    static func scale(_ precision: Int) -> Double {
        switch precision {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        default: pow(10, Double(precision))
        }
    }
}

extension Rounding {
    /// `units` × 10^-`precision` written with exactly `precision` decimals (863, 2 → "8.63";
    /// any integer width: sums of money are 128-bit).
    static func text(units: some BinaryInteger, precision: Int) -> String {
        let negative = units < 0
        var digits = String(units.magnitude)
        if precision > 0 {
            if digits.count <= precision { digits = String(repeating: "0", count: precision - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -precision))
        }
        return (negative ? "-" : "") + digits
    }

    /// `x` rounded half away from zero and written with `precision` decimals.
    static func text(_ x: Double, precision: Int) -> String {
        text(units: units(x, precision: precision), precision: precision)
    }
}

extension RoundingRule {
    /// What is added to x·10^p before the floor: ½ to round half away from zero, nothing to
    /// truncate, and 10⁻⁶ of a unit either way so that a product a hair below the decimal it
    /// stands for (20 × 0.43125 = 8.624999…) counts as that decimal.
    var nudge: Double {
        switch self {
        case .halfAway: 0.5 + 1e-6
        case .truncate: 1e-6
        }
    }
}
