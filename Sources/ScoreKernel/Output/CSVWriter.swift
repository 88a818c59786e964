/// Builds RFC 4180 CSV as UTF-8 bytes: fields quoted only when they hold a comma, quote or line
/// break, CRLF line ends (what Excel writes and reads), numbers written without `String` work.
struct CSVWriter {
    private(set) var bytes: [UInt8] = []
    private var atRowStart = true

    init(capacity: Int = 0, byteOrderMark: Bool = false) {
        bytes.reserveCapacity(capacity)
        if byteOrderMark { bytes += [0xEF, 0xBB, 0xBF] }
    }

    private mutating func separator() {
        if !atRowStart { bytes.append(0x2C) }
        atRowStart = false
    }

    /// A text field, quoted when needed.
    mutating func field(_ text: String) {
        field(utf8: text.utf8)
    }

    /// A text field from raw UTF-8 bytes, quoted when needed: scanned and copied as one buffer
    /// when the bytes are contiguous (a native `String`, an array, a slice of one), which is every
    /// field the tables write.
    mutating func field<C: Collection>(utf8: C) where C.Element == UInt8 {
        if utf8.withContiguousStorageIfAvailable({ field(contiguous: $0) }) != nil { return }
        field(contiguous: Array(utf8))
    }

    private mutating func field(contiguous utf8: some Collection<UInt8>) {
        separator()
        if utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            bytes.append(0x22)
            for b in utf8 {
                if b == 0x22 { bytes.append(0x22) }
                bytes.append(b)
            }
            bytes.append(0x22)
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// An empty field.
    mutating func empty() { separator() }

    /// An integer field.
    mutating func field(_ value: Int) {
        separator()
        appendInteger(UInt128(value.magnitude), negative: value < 0)
    }

    /// Appends bytes as they are (JSON and XML punctuation).
    mutating func raw(_ b: [UInt8]) { bytes += b }

    /// Appends the UTF-8 of a literal as it is: no array, no reference count touched.
    mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Appends the digits of a small non-negative number (a style index).
    mutating func rawDigits(_ v: Int) {
        if v >= 10 { rawDigits(v / 10) }
        bytes.append(0x30 + UInt8(v % 10))
    }

    /// Appends `text` escaped as a worksheet's text (``SheetXML/appendText(_:to:)``).
    mutating func sheetText(_ text: UnsafeBufferPointer<UInt8>) { SheetXML.appendText(text, to: &bytes) }

    /// `units` × 10^-`decimals` with exactly `decimals` decimals (863, 2 → 8.63).
    mutating func field(units: Int64, decimals: Int) {
        number(units: units, decimals: decimals, separated: true)
    }

    /// The digits of `units` × 10^-`decimals`, as a CSV field when `separated`, else bare.
    mutating func number(units: Int64, decimals: Int, separated: Bool) {
        if separated { separator() }
        let m = units.magnitude
        guard decimals > 0 else {
            appendInteger(UInt128(m), negative: units < 0)
            return
        }
        var p: UInt64 = 1
        for _ in 0..<decimals { p *= 10 }
        appendInteger(UInt128(m / p), negative: units < 0)
        bytes.append(0x2E)
        appendDigits(m % p, count: decimals)
    }

    /// As ``number(units:decimals:separated:)-(Int64,_,_)``, for sums of money past 2^63.
    mutating func number(units: Int128, decimals: Int, separated: Bool) {
        if let small = Int64(exactly: units) {
            number(units: small, decimals: decimals, separated: separated)
            return
        }
        if separated { separator() }
        var p: UInt128 = 1
        for _ in 0..<decimals { p *= 10 }
        let m = units.magnitude
        appendInteger(m / p, negative: units < 0)
        guard decimals > 0 else { return }
        bytes.append(0x2E)
        appendDigits(UInt64(m % p), count: decimals)
    }

    /// The last `count` (at most 19) decimal digits of `value`, with leading zeros.
    private mutating func appendDigits(_ value: UInt64, count: Int) {
        var v = value
        let start = bytes.count
        for _ in 0..<count { bytes.append(0x30) }
        var k = start + count - 1
        while k >= start {
            bytes[k] = 0x30 + UInt8(v % 10)
            v /= 10
            k -= 1
        }
    }

    mutating func endRow() {
        bytes.append(0x0D)
        bytes.append(0x0A)
        atRowStart = true
    }

    /// The decimal digits of `v`, after a minus sign when `negative`; 64-bit arithmetic for
    /// every value that fits (all but sums of a province's money).
    private mutating func appendInteger(_ v: UInt128, negative: Bool) {
        if negative { bytes.append(0x2D) }
        if v >> 64 != 0 {
            let (high, low) = v.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
            appendInteger(high, negative: false)
            let start = bytes.count
            appendInteger(UInt128(low), negative: false)
            let written = bytes.count - start
            bytes.insert(contentsOf: repeatElement(0x30, count: 19 - written), at: start)
            return
        }
        var n = UInt64(v)
        if n < 10 {
            bytes.append(0x30 + UInt8(n))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 {
                d[count] = 0x30 + UInt8(n % 10)
                n /= 10
                count += 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[k]) }
        }
    }
}
