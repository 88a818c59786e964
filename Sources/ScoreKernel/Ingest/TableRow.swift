/// One record of a table being read: its fields located in the file's bytes, with accessors by
/// column spec index so that readers never ask which field a column is in.
struct TableRow {
    let bytes: UnsafeBufferPointer<UInt8>
    let map: HeaderMap
    private(set) var fields: [CSVField] = []
    /// The line the record starts on.
    private(set) var line = 0
    /// `map.field` with -1 for a column the file lacks.
    private let fieldOfColumn: [Int]

    init(bytes: UnsafeBufferPointer<UInt8>, map: HeaderMap) {
        self.bytes = bytes
        self.map = map
        self.fieldOfColumn = map.field.map { $0 ?? -1 }
    }

    /// Reads the next record of `reader` into the row.
    ///
    /// - Returns: false at the end of the reader's range.
    mutating func read(_ reader: inout CSVReader) throws(CSVSyntaxError) -> Bool {
        guard try reader.next(into: &fields) else { return false }
        line = reader.recordLine
        return true
    }

    /// Column `c`'s bytes with spaces trimmed (quotes not unescaped); empty when the file or the
    /// record lacks the column.
    @inline(__always)
    private func trimmed(_ c: Int) -> Range<Int> {
        let f = fieldOfColumn[c]
        guard f >= 0, f < fields.count else { return 0..<0 }
        var lo = fields[f].start
        var hi = fields[f].end
        Self.trim(bytes, &lo, &hi)
        return lo..<hi
    }

    /// Whether the file has column `c`.
    func has(_ c: Int) -> Bool { map.field[c] != nil }

    /// The byte range of column `c` in this record, nil when the file has no such column.
    func range(_ c: Int) -> Range<Int>? {
        guard let f = map.field[c] else { return nil }
        return fields[f].start..<fields[f].end
    }

    /// Whether column `c`'s field holds `""` escapes (its bytes are not its value).
    func hasDoubledQuotes(_ c: Int) -> Bool {
        guard let f = map.field[c] else { return false }
        return fields[f].hasDoubledQuotes
    }

    /// Whether column `c` is absent or blank.
    func isBlank(_ c: Int) -> Bool { trimmed(c).isEmpty }

    /// The value of column `c` as text ("" when absent), quotes unescaped, spaces trimmed.
    func string(_ c: Int) -> String {
        guard let f = map.field[c] else { return "" }
        return CSVReader.string(fields[f], in: bytes).trimmingSpaces
    }

    /// The value of column `c` as a message quotes it (see ``Diagnostic/excerpt(_:)``).
    func excerpt(_ c: Int) -> String { Diagnostic.excerpt(string(c)) }

    /// Appends the trimmed value of column `c` to `column` without making a `String`.
    func append(_ c: Int, to column: inout TextColumn, scratch: inout [UInt8]) {
        guard let f = map.field[c] else {
            column.append(utf8: UnsafeBufferPointer(start: nil, count: 0))
            return
        }
        if fields[f].hasDoubledQuotes {
            scratch.removeAll(keepingCapacity: true)
            CSVReader.unescape(fields[f], in: bytes, into: &scratch)
            scratch.withUnsafeBufferPointer { s in
                var lo = 0
                var hi = s.count
                Self.trim(s, &lo, &hi)
                column.append(utf8: UnsafeBufferPointer(rebasing: s[lo..<hi]))
            }
            return
        }
        column.append(utf8: key(c))
    }

    /// Calls `body` with the value of column `c` as ``string(_:)`` has it (quotes unescaped,
    /// spaces trimmed), making a copy only when the field has doubled quotes: the bytes to intern
    /// a name by, so that `"A""B"` is the name A"B.
    func withValue<R>(_ c: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let f = map.field[c], fields[f].hasDoubledQuotes else { return try body(key(c)) }
        var value = string(c)
        return try value.withUTF8(body)
    }

    /// The trimmed bytes of column `c` (quotes not unescaped): the key for lookups.
    func key(_ c: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[trimmed(c)])
    }

    /// Moves `lo` past leading and `hi` before trailing spaces (``ValueSyntax/isSpace(_:)``).
    @inline(__always)
    static func trim(_ b: UnsafeBufferPointer<UInt8>, _ lo: inout Int, _ hi: inout Int) {
        // Most values neither start with a space's first byte nor end with a space's last: one
        // test each.
        guard lo < hi else { return }
        let first = b[lo], last = b[hi - 1]
        if first != 0x20, first != 0x09, first != 0xC2, first != 0xE3,
           last != 0x20, last != 0x09, last != 0xA0, last != 0x80 { return }
        ValueSyntax.skipSpaces(b, &lo, hi)
        while hi > lo {
            // Trailing ASCII space/tab, or U+3000 (E3 80 80), or U+00A0 (C2 A0).
            if b[hi - 1] == 0x20 || b[hi - 1] == 0x09 {
                hi -= 1
            } else if hi - lo >= 3, b[hi - 3] == 0xE3, b[hi - 2] == 0x80, b[hi - 1] == 0x80 {
                hi -= 3
            } else if hi - lo >= 2, b[hi - 2] == 0xC2, b[hi - 1] == 0xA0 {
                hi -= 2
            } else {
                break
            }
        }
    }
}
