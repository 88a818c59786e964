import Foundation

/// Number formatting for the table and progress lines: three significant digits, because the
/// timings carry ±15–30 % noise on these machines and more digits would only suggest precision
/// that is not there. The JSON keeps every digit.
enum Format {
    /// `x` with `digits` significant digits, never in exponent form: 1234, 12.3, 0.0214.
    static func significant(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite else { return "\(x)" }
        guard x != 0 else { return "0" }
        let magnitude = Int((abs(x)).log10Floor)
        let decimals = max(0, digits - 1 - magnitude)
        return String(format: "%.\(decimals)f", x)
    }

    /// Seconds as µs, ms or s, whichever keeps the number between 1 and 1000.
    static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<1e-3: significant(seconds * 1e6) + " µs"
        case ..<1: significant(seconds * 1e3) + " ms"
        default: significant(seconds) + " s"
        }
    }

    /// A rate with a k or M suffix: 813k, 2.41M.
    static func compact(_ x: Double) -> String {
        switch abs(x) {
        case 1e9...: significant(x / 1e9) + "G"
        case 1e6...: significant(x / 1e6) + "M"
        case 1e3...: significant(x / 1e3) + "k"
        default: significant(x)
        }
    }

    /// An integer with thousands separators: 1,000,000.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}

private extension Double {
    /// ⌊log10(self)⌋ for positive finite values, corrected for log10's rounding near powers of 10.
    var log10Floor: Double {
        var m = Foundation.floor(Foundation.log10(self))
        if Foundation.pow(10, m) > self { m -= 1 }
        if Foundation.pow(10, m + 1) <= self { m += 1 }
        return m
    }
}
