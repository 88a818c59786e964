/// One record of a table being read: its fields located in the file's bytes, with accessors by
/// column spec index so that readers never ask which field a column is in.
struct TableRow {
    let bytes: UnsafeBufferPointer<UInt8>
    let map: HeaderMap
    var fields: [CSVField] = []
    var line = 0

    init(bytes: UnsafeBufferPointer<UInt8>, map: HeaderMap) {
        self.bytes = bytes
        self.map = map
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
    func isBlank(_ c: Int) -> Bool {
        guard let r = range(c) else { return true }
        var i = r.lowerBound
        ValueSyntax.skipSpaces(bytes, &i, r.upperBound)
        return i == r.upperBound
    }

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
        var field = fields[f]
        if field.hasDoubledQuotes {
            scratch.removeAll(keepingCapacity: true)
            CSVReader.unescape(field, in: bytes, into: &scratch)
            scratch.withUnsafeBufferPointer { s in
                var lo = 0
                var hi = s.count
                Self.trim(s, &lo, &hi)
                column.append(utf8: UnsafeBufferPointer(rebasing: s[lo..<hi]))
            }
            return
        }
        Self.trim(bytes, &field.start, &field.end)
        column.append(utf8: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
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
        guard var r = range(c) else { return UnsafeBufferPointer(start: nil, count: 0) }
        var lo = r.lowerBound
        var hi = r.upperBound
        Self.trim(bytes, &lo, &hi)
        r = lo..<hi
        return UnsafeBufferPointer(rebasing: bytes[r])
    }

    static func trim(_ b: UnsafeBufferPointer<UInt8>, _ lo: inout Int, _ hi: inout Int) {
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
