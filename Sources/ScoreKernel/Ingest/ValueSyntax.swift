import Glibc

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
    let unitWords: WordList
    let unitWordNames: [String]

    init(unitWords: [String]) {
        let sorted = unitWords.sorted { $0.utf8.count > $1.utf8.count }
        self.unitWords = WordList(sorted)
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
        var prefix = Self.scanPrefix(b, &i, end)
        Self.skipSpaces(b, &i, end)
        guard let first = scanNumber(b, &i, end, allowSign: true) else { return .text }
        Self.skipSpaces(b, &i, end)
        // A direction written after the number: 90%以上 (≥), 5天以内 (≤).
        if let suffix = Self.scanWord(b, &i, end, Self.suffixDirections) {
            Self.skipSpaces(b, &i, end)
            guard i == end, prefix == nil || prefix!.family == suffix.family else { return .text }
            prefix = prefix ?? suffix
        }
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
        if let (plain, after) = Self.plainDecimal(b, j, end) {
            n = plain
            j = after
        } else {
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
            // More digits than 64 bits hold: the number as ASCII for `strtod` (full-width digits
            // folded, separators dropped), so that it reads as its nearest Double, not as 0.
            var ascii: [UInt8] = []
            if n.inexact {
                ascii = n.negative ? [0x2D] : []
                var k = digitsStart
                while k < j {
                    let (c, len) = Self.scalar(b, k, end)
                    if c != 0x2C { ascii.append(UInt8(c)) }
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
                    if n.inexact { ascii += Array("e\(negativeExponent ? -e : e)".utf8) }
                    j = k
                }
            }
            if n.inexact { n.inexactValue = String(decoding: ascii, as: UTF8.self).withCString { strtod($0, nil) } }
        }
        var suffix = Suffix.none
        var k = j
        Self.skipSpaces(b, &k, end)
        if k < end {
            let (c, len) = Self.scalar(b, k, end)
            if c == 0x25 {
                suffix = .percent
                j = k + len
            } else if let w = Self.word(in: unitWords, b, k, end) {
                suffix = .word(w)
                j = k + unitWords.words[w].count
            }
        }
        i = j
        return Number(value: n, suffix: suffix)
    }

    /// Words to look for at a position, with the set of their first bytes, so that a position
    /// where none can start (a digit, most characters) is passed over with one test.
    struct WordList: Sendable {
        let words: [[UInt8]]
        /// Bit `b` of word `b >> 6`: some word starts with byte `b`.
        private let first: (UInt64, UInt64, UInt64, UInt64)
        /// An empty word is in the list (it matches anywhere).
        let hasEmptyWord: Bool
        /// The words of two bytes or more by a hash of their first two (``bucket(_:_:)``), in
        /// CSR form and list order: bucket `k` is `members[starts[k] ..< starts[k + 1]]`. Most
        /// words of a language share their first byte (UTF-8 lead bytes), few their first two.
        private let starts: [Int32]
        private let members: [Int32]
        /// The one-byte words, in list order.
        private let single: [Int32]

        init(_ words: [String]) {
            let words = words.map { Array($0.utf8) }
            self.words = words
            var first: [UInt64] = [0, 0, 0, 0]
            for word in words where !word.isEmpty { first[Int(word[0] >> 6)] |= 1 << (word[0] & 63) }
            self.first = (first[0], first[1], first[2], first[3])
            hasEmptyWord = words.contains(where: \.isEmpty)
            let long = words.indices.filter { words[$0].count >= 2 }
            var starts = [Int32](repeating: 0, count: 65)
            for w in long { starts[Self.bucket(words[w][0], words[w][1]) + 1] += 1 }
            for k in 0..<64 { starts[k + 1] += starts[k] }
            var next = starts
            var members = [Int32](repeating: 0, count: long.count)
            for w in long {
                let k = Self.bucket(words[w][0], words[w][1])
                members[Int(next[k])] = Int32(w)
                next[k] += 1
            }
            self.starts = starts
            self.members = members
            single = words.indices.filter { words[$0].count == 1 }.map(Int32.init)
        }

        @inline(__always)
        private static func bucket(_ b0: UInt8, _ b1: UInt8) -> Int { Int((UInt32(b0) &* 31 &+ UInt32(b1)) & 63) }

        /// The index of the first word that the bytes at `i` begin with, or nil; the list has no
        /// empty word, and some word starts with `b[i]`.
        @inline(__always)
        fileprivate func firstWord(at i: Int, _ b: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int? {
            var found = Int.max
            for w in single where words[Int(w)][0] == b[i] {
                found = Int(w)
                break
            }
            guard i + 1 < end else { return found == Int.max ? nil : found }
            let k = Self.bucket(b[i], b[i + 1])
            for m in Int(starts[k])..<Int(starts[k + 1]) {
                let w = Int(members[m])
                if w > found { break }
                if matches(w, at: i, b, end) { return w }
            }
            return found == Int.max ? nil : found
        }

        /// Whether the bytes at `i` begin with word `w`.
        @inline(__always)
        fileprivate func matches(_ w: Int, at i: Int, _ b: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
            let word = words[w]
            guard end - i >= word.count else { return false }
            for (j, byte) in word.enumerated() where b[i + j] != byte { return false }
            return true
        }

        /// Whether some word may start with `byte` (the empty word aside).
        @inline(__always)
        func mayStart(with byte: UInt8) -> Bool {
            let bits = switch byte >> 6 {
            case 0: first.0
            case 1: first.1
            case 2: first.2
            default: first.3
            }
            return bits & (1 << (byte & 63)) != 0
        }
    }

    /// The common number, ASCII digits with at most one `.` inside or after them (95, 97.6, 5.%),
    /// read in one tight loop; nil (read it the general way) when it is anything else: a sign,
    /// a leading `.`, a thousands separator, an exponent, full-width forms, more than 18 digits.
    @inline(__always)
    static func plainDecimal(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (DecimalNumber, Int)? {
        var j = i
        var digits: UInt64 = 0
        var count = 0
        var point = -1  // digits before the `.`
        while j < end {
            let c = b[j]
            if c &- 0x30 < 10 {
                digits = digits &* 10 &+ UInt64(c &- 0x30)
                count += 1
            } else if c == 0x2E, point < 0, count > 0, j + 1 < end {  // as the general reading: not a last `.`
                point = count
            } else {
                break
            }
            j += 1
        }
        guard count > 0, count <= 18 else { return nil }
        if j < end {
            let c = b[j]
            // What the general reading treats otherwise: a second `.`, 1,234, 1e3, full-width
            // digits and signs (U+FF01…, led by EF).
            if c == 0x2E || c == 0x2C || c == 0x65 || c == 0x45 || c == 0xEF { return nil }
        }
        var n = DecimalNumber()
        n.digits = digits
        if point >= 0 {
            n.fractionDigits = count - point
            n.exponent = -n.fractionDigits
        }
        return (n, j)
    }

    /// The index of the first of `list`'s words that the bytes at `i` begin with (list the longer
    /// of two words that share a start first), or nil.
    static func word(in list: WordList, _ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        guard list.hasEmptyWord || (i < end && list.mayStart(with: b[i])) else { return nil }
        if !list.hasEmptyWord { return list.firstWord(at: i, b, end) }
        // An empty word matches anywhere: the words before it in the list, in order.
        return list.words.indices.first { list.matches($0, at: i, b, end) }
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
        if let word = scanWord(b, &i, end, prefixDirections) { return word }
        let (c, len) = scalar(b, i, end)
        var next: UInt32 = 0
        var nextLen = 0
        if i + len < end { (next, nextLen) = scalar(b, i + len, end) }
        switch c {
        case 0x2265, 0x2267:  // ≥ ≧, and ≥= as some forms double it
            i += len + (next == 0x3D ? nextLen : 0)
            return .atLeast
        case 0x2264, 0x2266:  // ≤ ≦, ≤=
            i += len + (next == 0x3D ? nextLen : 0)
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
        case 0x3D, 0x2550:  // = (and full-width ＝, folded), ═
            i += len
            return .equal
        default:
            return nil
        }
    }

    // MARK: Direction words

    /// Words written before the number for a direction (docs/values.md), and the directions.
    static let prefixDirections = DirectionWords([
        ("不低于", .atLeast), ("不少于", .atLeast), ("不小于", .atLeast),
        ("不高于", .atMost), ("不超过", .atMost), ("不大于", .atMost), ("不多于", .atMost),
        ("大于", .above), ("高于", .above), ("超过", .above), ("多于", .above),
        ("小于", .below), ("低于", .below), ("少于", .below), ("等于", .equal),
    ])

    /// Words written after the number for a direction: 90%以上, 5天以内.
    static let suffixDirections = DirectionWords([
        ("及以上", .atLeast), ("以上", .atLeast), ("及以下", .atMost), ("以下", .atMost), ("以内", .atMost),
    ])

    /// Direction words as bytes, with the direction of each.
    struct DirectionWords: Sendable {
        let words: WordList
        let directions: [Direction]

        init(_ pairs: [(String, Direction)]) {
            words = WordList(pairs.map(\.0))
            directions = pairs.map(\.1)
        }
    }

    /// The direction of the first of `words` at `i`; leaves `i` after the word.
    static func scanWord(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, _ words: DirectionWords) -> Direction? {
        guard let w = word(in: words.words, b, i, end) else { return nil }
        i += words.words.words[w].count
        return words.directions[w]
    }

    // MARK: Dates

    /// Whether a date is a target (a deadline: a month alone means its last day) or an actual (a
    /// month alone means its first day, so that finishing within the target's month meets it).
    enum DateRole { case deadline, actual }

    /// A date cell as yyyymmdd (20231231), or nil: `2023年12月`, `2023年12月31日`, `2023-12-31`,
    /// `2023/12/31`, `2023.12.31`, `2023-12`, followed (on a deadline) by 底 / 末 / 前 / 以前 / 之前
    /// / 内 and 完成 in any order, or (on an actual) by 完成. Years 1900–2100.
    func date(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, role: DateRole) -> Int? {
        var i = range.lowerBound
        let end = range.upperBound
        Self.skipSpaces(b, &i, end)
        func digits(_ most: Int) -> Int? {
            var value = 0
            var count = 0
            while i < end, count < most, case let (c, len) = Self.scalar(b, i, end), Self.isDigit(c) {
                value = value * 10 + Int(c - 0x30)
                count += 1
                i += len
            }
            return count > 0 ? value : nil
        }
        func take(_ scalar: UInt32) -> Bool {
            guard i < end, Self.scalar(b, i, end).0 == scalar else { return false }
            i += Self.scalar(b, i, end).1
            return true
        }
        guard let year = digits(4), (1900...2100).contains(year) else { return nil }
        let chinese = take(0x5E74)  // 年
        var separator: UInt32 = 0
        if !chinese {
            guard i < end else { return nil }
            separator = Self.scalar(b, i, end).0
            guard separator == 0x2D || separator == 0x2F || separator == 0x2E else { return nil }  // - / .
            i += Self.scalar(b, i, end).1
        }
        guard let month = digits(2), (1...12).contains(month) else { return nil }
        if chinese, !take(0x6708) { return nil }  // 月
        var day: Int?
        if chinese {
            let before = i
            if let d = digits(2) {
                guard take(0x65E5) || take(0x53F7) else { i = before; return nil }  // 日 号
                day = d
            }
        } else if take(separator) {
            guard let d = digits(2) else { return nil }
            day = d
        }
        let last = Self.daysIn(month: month, year: year)
        if let d = day, !(1...last).contains(d) { return nil }
        // What may follow.
        let words = role == .deadline ? Self.deadlineWords : Self.actualDateWords
        while i < end {
            let (c, len) = Self.scalar(b, i, end)
            if Self.isSpace(c) {
                i += len
                continue
            }
            guard let w = Self.word(in: words, b, i, end) else { return nil }
            i += words.words[w].count
        }
        return year * 10_000 + month * 100 + (day ?? (role == .deadline ? last : 1))
    }

    /// What may follow a deadline's date (2023年12月底前完成), and an actual date's.
    static let deadlineWords = WordList(["底前", "底", "末", "以前", "之前", "前", "以内", "内", "完成"])
    static let actualDateWords = WordList(["完成"])

    /// 28–31.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: Units

    /// The word after a number that is not a unit word (`266尺` → `尺`), for the error that says
    /// how to add it; nil when the cell is not a number followed by a word.
    func unknownUnit(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        var i = range.lowerBound
        let end = range.upperBound
        Self.skipSpaces(b, &i, end)
        _ = Self.scanPrefix(b, &i, end)
        Self.skipSpaces(b, &i, end)
        guard scanNumber(b, &i, end, allowSign: true) != nil else { return nil }
        Self.skipSpaces(b, &i, end)
        var j = end
        while j > i, b[j - 1] == 0x20 { j -= 1 }
        guard i < j else { return nil }
        let word = String(decoding: b[i..<j], as: UTF8.self)
        // Another number after it (a range with an unknown separator, a date) is not a unit.
        guard !word.unicodeScalars.contains(where: { $0.properties.numericType != nil }) else { return nil }
        return word
    }
}
