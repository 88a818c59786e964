import Glibc

/// A number as written in a cell (SPEC §3.2): sign, decimal digits and a power of ten, kept
/// exact so that money becomes integer millionths without a detour through `Double`.
///
/// Parsed from bytes by ``ValueSyntax``; the value is `digits × 10^exponent`, negated when
/// `negative`.
struct DecimalNumber: Equatable {
    /// The decimal digits as an integer; for an ``inexact`` number, the bits of ``inexactValue``.
    var digits: UInt64 = 0
    /// The power of ten (an `Int32`, saturated: beyond it a number is far outside every range
    /// read), the decimal places as written (saturated at 65,535), the sign and ``inexact``, in one
    /// word: two words in all, so that a number is returned in registers rather than through
    /// memory, a load from a store of another width away (a store-forwarding stall a cell).
    private var packed: UInt64 = 0

    init(negative: Bool = false, digits: UInt64 = 0, exponent: Int = 0, fractionDigits: Int = 0) {
        self.digits = digits
        self.exponent = exponent
        self.fractionDigits = fractionDigits
        self.negative = negative
    }

    var exponent: Int {
        get { Int(Int32(truncatingIfNeeded: packed)) }
        set { packed = packed & ~0xFFFF_FFFF | UInt64(UInt32(bitPattern: Int32(clamping: newValue))) }
    }

    /// Decimal places as written (`8.60` → 2), for reproduction checks of filed scores.
    var fractionDigits: Int {
        get { Int(truncatingIfNeeded: (packed >> 32) & 0xFFFF) }
        set { packed = packed & ~(0xFFFF << 32) | UInt64(UInt16(clamping: newValue)) << 32 }
    }

    var negative: Bool {
        get { packed & (1 << 48) != 0 }
        set { packed = newValue ? packed | 1 << 48 : packed & ~(1 << 48) }
    }

    /// More significant digits than fit in 64 bits: the value is ``inexactValue``.
    var inexact: Bool {
        get { packed & (1 << 49) != 0 }
        set { packed = newValue ? packed | 1 << 49 : packed & ~(1 << 49) }
    }

    /// The nearest `Double` of an `inexact` number, from `strtod` when it was read (a `Double`,
    /// not the text: a number stays a plain value that copies without reference counting). Set
    /// once the digits are read: it takes their place.
    var inexactValue: Double {
        get { Double(bitPattern: digits) }
        set { digits = newValue.bitPattern }
    }

    /// 10^`p` for `p` in 0…22, every one exact in a `Double` (a table in the binary, not a lazily
    /// made array: this runs for every number read).
    @inline(__always)
    private static func powerOfTen(_ p: Int) -> Double {
        switch p {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// The nearest `Double`. Exact digits below 2^53 with a power of ten up to 10^22 take
    /// Clinger's fast path (one correctly rounded multiply or divide); anything else `strtod`.
    var double: Double {
        if inexact { return inexactValue }
        if digits < (1 << 53), exponent >= -22, exponent <= 22 {
            let d = Double(digits)
            let v = exponent >= 0 ? d * Self.powerOfTen(exponent) : d / Self.powerOfTen(-exponent)
            return negative ? -v : v
        }
        return strtod("\(negative ? "-" : "")\(digits)e\(exponent)", nil)
    }

    /// The largest magnitude a number may have (10^15): beyond it a value means nothing on these
    /// forms, and a product with 10^precision would leave the range where `Double` is exact.
    static let largestMagnitude = 1e15
    /// The smallest magnitude a nonzero number may have (10^-9), so that ratios such as the
    /// relative deviation (B − A) / |A| stay finite.
    static let smallestMagnitude = 1e-9
    /// What a number out of range is told (the rule `number_range`).
    static let rangeMessage = "is out of range: numbers are read from 10^-9 to 10^15 in magnitude (or 0)"

    /// ``double`` when it is 0 or its magnitude lies within 10^-9 … 10^15; nil otherwise (1e309,
    /// 1e-300, 10^16).
    var boundedDouble: Double? {
        let x = double
        let m = abs(x)
        return m == 0 || (m >= Self.smallestMagnitude && m <= Self.largestMagnitude) ? x : nil
    }

    /// Decimal places as written, at most `limit` (a filed 89.35000000000001, as Excel writes a
    /// binary artefact, is compared at six decimals).
    func decimals(atMost limit: Int = 6) -> Int8 { Int8(min(fractionDigits, limit)) }

    /// The value in integer units of 10^-`decimals`, or nil when it has more decimals than that
    /// (after dropping trailing zeros) or does not fit in 64 bits.
    func scaled(decimals: Int) -> Int64? {
        guard !inexact else { return nil }
        var d = digits
        var e = exponent + decimals
        while e < 0 {
            guard d % 10 == 0 else { return nil }
            d /= 10
            e += 1
        }
        var v = Int64(clamping: d)
        guard d <= UInt64(Int64.max) else { return nil }
        for _ in 0..<e {
            let (m, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = m
        }
        return negative ? -v : v
    }
}
