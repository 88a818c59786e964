/// The value syntax of SPEC §3.2 on the UTF-8 bytes of one cell: numbers with thousands
/// separators, full-width digits and signs, `%` and unit words; targets with a direction prefix
/// (`≥95%`) or written as a range (`5%-10%`, `5～10`, `5至10`).
///
/// Works on bytes, allocates nothing for the common cell.
struct ValueSyntax: Sendable {
    /// What followed a number.
    enum Suffix: Equatable, Sendable {
        case none, percent
        /// Index into the scheme's unit words.
        case word(Int)
    }

    struct Number: Equatable {
        var value: DecimalNumber
        var suffix: Suffix
    }

    /// A target cell.
    enum Target: Equatable {
        case empty
        case number(Number, prefix: Direction?)
        case range(Number, Number)
        /// Not a number, e.g. 效果明显 (a qualitative target).
        case text
    }

    /// Unit words as bytes, longest first so that 人次 wins over 人.
    let unitWords: [[UInt8]]
    let unitWordNames: [String]

    init(unitWords: [String]) {
        let sorted = unitWords.sorted { $0.utf8.count > $1.utf8.count }
        self.unitWords = sorted.map { Array($0.utf8) }
        self.unitWordNames = sorted
    }

    /// The cell as one number, or nil when it is not one (empty included).
    func number(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Number? {
        var i = range.lowerBound
        let end = range.upperBound
        Self.skipSpaces(b, &i, end)
        guard let n = scanNumber(b, &i, end, allowSign: true) else { return nil }
        Self.skipSpaces(b, &i, end)
        return i == end ? n : nil
    }

    /// A target cell: a number with an optional direction prefix, a range, text, or empty.
    func target(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Target {
        var i = range.lowerBound
        let end = range.upperBound
        Self.skipSpaces(b, &i, end)
        if i == end { return .empty }
        let prefix = Self.scanPrefix(b, &i, end)
        Self.skipSpaces(b, &i, end)
        guard let first = scanNumber(b, &i, end, allowSign: true) else { return .text }
        Self.skipSpaces(b, &i, end)
        if i == end { return .number(first, prefix: prefix) }
        guard prefix == nil else { return .text }
        let (c, len) = Self.scalar(b, i, end)
        guard Self.isRangeSeparator(c) else { return .text }
        i += len
        Self.skipSpaces(b, &i, end)
        guard let second = scanNumber(b, &i, end, allowSign: false) else { return .text }
        Self.skipSpaces(b, &i, end)
        return i == end ? .range(first, second) : .text
    }

    /// Scans a number and its suffix at `i`; leaves `i` after them, or unchanged when there is
    /// no number.
    func scanNumber(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, allowSign: Bool) -> Number? {
        var j = i
        var n = DecimalNumber()
        if allowSign, j < end {
            let (c, len) = Self.scalar(b, j, end)
            if c == 0x2D || c == 0x2B {  // - +  (full-width folded)
                n.negative = c == 0x2D
                j += len
            }
        }
        let digitsStart = j
        var sawDigit = false
        var inFraction = false
        // Digits since the start or the last thousands separator, and whether there was one.
        var group = 0
        var grouped = false
        while j < end {
            let (c, len) = Self.scalar(b, j, end)
            if c >= 0x30, c <= 0x39 {
                sawDigit = true
                group += 1
                let d = UInt64(c - 0x30)
                if n.digits <= (UInt64.max - 9) / 10 {
                    n.digits = n.digits * 10 + d
                    if inFraction { n.exponent -= 1 }
                } else {
                    n.inexact = true
                    if !inFraction { n.exponent += 1 }
                }
                if inFraction { n.fractionDigits += 1 }
                j += len
            } else if c == 0x2C, sawDigit, !inFraction, grouped ? group == 3 : group <= 3, Self.isDigitGroup(b, j + len, end) {
                j += len  // thousands separator: 1,234,567 (groups of three; 1,2,3 is not a number)
                group = 0
                grouped = true
            } else if c == 0x2E, !inFraction, j + len < end, Self.isDigit(Self.scalar(b, j + len, end).0) || sawDigit {
                inFraction = true
                j += len
            } else {
                break
            }
        }
        guard sawDigit else { return nil }
        // More digits than 64 bits hold: keep the number as ASCII for `strtod` (full-width digits
        // folded, separators dropped), so that it reads as its nearest Double, not as 0.
        if n.inexact {
            n.ascii = n.negative ? [0x2D] : []
            var k = digitsStart
            while k < j {
                let (c, len) = Self.scalar(b, k, end)
                if c != 0x2C { n.ascii.append(UInt8(c)) }
                k += len
            }
        }
        // Exponent: e/E, optional sign, at least one digit.
        if j < end, b[j] == 0x65 || b[j] == 0x45 {
            var k = j + 1
            var negativeExponent = false
            if k < end, b[k] == 0x2D || b[k] == 0x2B {
                negativeExponent = b[k] == 0x2D
                k += 1
            }
            var e = 0
            var sawExponentDigit = false
            while k < end, b[k] >= 0x30, b[k] <= 0x39 {
                e = min(e * 10 + Int(b[k] - 0x30), 10_000)
                sawExponentDigit = true
                k += 1
            }
            if sawExponentDigit {
                n.exponent += negativeExponent ? -e : e
                if n.inexact { n.ascii += Array("e\(negativeExponent ? -e : e)".utf8) }
                j = k
            }
        }
        var suffix = Suffix.none
        var k = j
        Self.skipSpaces(b, &k, end)
        if k < end {
            let (c, len) = Self.scalar(b, k, end)
            if c == 0x25 {
                suffix = .percent
                j = k + len
            } else if let w = unitWord(b, k, end) {
                suffix = .word(w)
                j = k + unitWords[w].count
            }
        }
        i = j
        return Number(value: n, suffix: suffix)
    }

    private func unitWord(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        for (w, word) in unitWords.enumerated() where end - i >= word.count {
            var match = true
            for (k, byte) in word.enumerated() where b[i + k] != byte {
                match = false
                break
            }
            if match { return w }
        }
        return nil
    }

    // MARK: Characters

    /// The Unicode scalar at `i` and its length in bytes, with full-width ASCII forms
    /// (U+FF01–U+FF5E: `１２３` `－` `％` `．`) folded to ASCII.
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (UInt32, Int) {
        let b0 = b[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 >= 0xE0, b0 < 0xF0, i + 2 < end {
            let c = (UInt32(b0 & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
            if c >= 0xFF01, c <= 0xFF5E { return (c - 0xFF01 + 0x21, 3) }
            return (c, 3)
        }
        if b0 >= 0xC0, b0 < 0xE0, i + 1 < end {
            return ((UInt32(b0 & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F), 2)
        }
        if b0 >= 0xF0, i + 3 < end { return (0x10000, 4) }
        return (0xFFFD, 1)
    }

    @inline(__always)
    static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Exactly three digits at `i`, not followed by a fourth: what a thousands separator must
    /// precede.
    static func isDigitGroup(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        var k = i
        for _ in 0..<3 {
            guard k < end, case let (c, len) = scalar(b, k, end), isDigit(c) else { return false }
            k += len
        }
        return k == end || !isDigit(scalar(b, k, end).0)
    }

    /// Space, tab, no-break space, ideographic space.
    @inline(__always)
    static func isSpace(_ c: UInt32) -> Bool { c == 0x20 || c == 0x09 || c == 0xA0 || c == 0x3000 }

    static func skipSpaces(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) {
        while i < end {
            let (c, len) = scalar(b, i, end)
            guard isSpace(c) else { return }
            i += len
        }
    }

    /// `-` `~` `〜` `—` `–` `至` (full-width `－` `～` fold to `-` `~`).
    static func isRangeSeparator(_ c: UInt32) -> Bool {
        c == 0x2D || c == 0x7E || c == 0x301C || c == 0x2014 || c == 0x2013 || c == 0x81F3
    }

    /// A direction prefix: `>=` `≥` `>` `<=` `≤` `<` `=` (and their full-width forms).
    static func scanPrefix(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Direction? {
        let (c, len) = scalar(b, i, end)
        var next: UInt32 = 0
        var nextLen = 0
        if i + len < end { (next, nextLen) = scalar(b, i + len, end) }
        switch c {
        case 0x2265, 0x2267:  // ≥ ≧
            i += len
            return .atLeast
        case 0x2264, 0x2266:  // ≤ ≦
            i += len
            return .atMost
        case 0x3E:  // >
            if next == 0x3D {
                i += len + nextLen
                return .atLeast
            }
            i += len
            return .above
        case 0x3C:  // <
            if next == 0x3D {
                i += len + nextLen
                return .atMost
            }
            i += len
            return .below
        case 0x3D:  // =
            i += len
            return .equal
        default:
            return nil
        }
    }
}
