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
        Array(utf8).withUnsafeBufferPointer { field(contiguous: $0) }
    }

    private mutating func field(contiguous utf8: UnsafeBufferPointer<UInt8>) {
        separator()
        if Self.needsQuotes(utf8) {
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

    /// Whether `text` holds a comma, quote, LF or CR: eight bytes a step (``SWAR``).
    private static func needsQuotes(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = text.baseAddress else { return false }
        var i = 0
        while i + 8 <= text.count {
            let w = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            if SWAR.equal(w, 0x2C) | SWAR.equal(w, 0x22) | SWAR.equal(w, 0x0A) | SWAR.equal(w, 0x0D) != 0 { return true }
            i += 8
        }
        while i < text.count {
            let b = p[i]
            if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { return true }
            i += 1
        }
        return false
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

    /// Appends bytes as they are.
    mutating func raw(_ b: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: b) }

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
        appendDecimal(units.magnitude, negative: units < 0, decimals: decimals)
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

    /// The digits of `m` × 10^-`decimals` (at most 19 decimals), after a minus sign when
    /// `negative`: formatted right to left on the stack and appended at once.
    private mutating func appendDecimal(_ m: UInt64, negative: Bool, decimals: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var i = 48
            var v = m
            if decimals > 0 {
                for _ in 0..<decimals {
                    i -= 1
                    buffer[i] = 0x30 + UInt8(v % 10)
                    v /= 10
                }
                i -= 1
                buffer[i] = 0x2E
            }
            repeat {
                i -= 1
                buffer[i] = 0x30 + UInt8(v % 10)
                v /= 10
            } while v > 0
            if negative {
                i -= 1
                buffer[i] = 0x2D
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i...]))
        }
    }

    /// The last `count` (at most 19) decimal digits of `value`, with leading zeros.
    private mutating func appendDigits(_ value: UInt64, count: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var v = value
            for k in stride(from: count - 1, through: 0, by: -1) {
                buffer[k] = 0x30 + UInt8(v % 10)
                v /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
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
        if let small = UInt64(exactly: v) { return appendDecimal(small, negative: negative, decimals: 0) }
        if negative { bytes.append(0x2D) }
        let (high, low) = v.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
        appendInteger(high, negative: false)
        appendDigits(UInt64(low), count: 19)
    }
}
