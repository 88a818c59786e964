/// A tokenizer for RFC 4180 CSV over UTF-8 bytes in memory, yielding each record as byte ranges
/// (``CSVField``) into the input: no `String` and no allocation per field.
///
/// What it reads:
/// * fields separated by `,`; records ended by LF, CRLF or a lone CR; the last record may lack
///   a line end;
/// * quoted fields, which may hold `,`, line ends of any kind and `""` (one `"`);
/// * empty fields (`a,,b`, `a,`, `""`).
///
/// A blank line (no bytes between two line ends) is not a record: it is skipped, as is a
/// trailing line end at the end of the input. A line of spaces is a record with one field.
///
/// It is strict where RFC 4180 is: a `"` inside an unquoted field, text between a closing quote
/// and the next `,` or line end, and a quote never closed are ``CSVSyntaxError``s. Lines are
/// physical lines as an editor counts them: LF, CRLF and a lone CR each end one, inside quoted
/// fields too, so a record's line is right after multi-line values.
///
/// The reader works on any record-aligned sub-range, which is how ``chunks(of:range:firstLine:count:)``
/// lets several threads tokenize one file.
struct CSVReader {
    private let base: UnsafePointer<UInt8>?
    private let end: Int
    private(set) var position: Int
    /// Physical line at `position`.
    private(set) var line: Int
    /// 1-based physical line where the record last returned by ``next(into:)`` starts.
    private(set) var recordLine: Int
    /// Bit `k` is set when byte `blockStart + k` is `,` `"` CR or LF: the structural bytes of the
    /// 64 bytes from `blockStart` (see ``plainRecord(_:_:_:into:)``)…
    private var block: UInt64 = 0
    /// …and when it is `,`.
    private var blockCommas: UInt64 = 0
    private var blockStart = Int.min / 2

    /// A reader over `bytes[range]`, which must start at a record boundary; `firstLine` is the
    /// physical line of `range.lowerBound` (1 for a whole file).
    init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, firstLine: Int) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the buffer")
        self.base = bytes.baseAddress
        self.end = range.upperBound
        self.position = range.lowerBound
        self.line = firstLine
        self.recordLine = firstLine
    }

    /// Reads the next record into `fields` (cleared first; its capacity is reused, so a caller
    /// that keeps one array allocates nothing per record once it has grown to the widest row).
    ///
    /// - Returns: false at the end of the range (`fields` is then empty).
    /// - Throws: ``CSVSyntaxError``; after an error the reader is at its end.
    /// - Complexity: O(length of the record).
    mutating func next(into fields: inout [CSVField]) throws(CSVSyntaxError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        guard let p = base else { return false }
        let end = self.end
        var i = position
        var line = self.line
        defer {
            position = i
            self.line = line
        }

        // Blank lines are not records.
        while i < end {
            let b = p[i]
            if b == .lf {
                i += 1
            } else if b == .cr {
                i += 1
                if i < end && p[i] == .lf { i += 1 }
            } else {
                break
            }
            line += 1
        }
        guard i < end else { return false }
        recordLine = line
        if plainRecord(p, &i, &line, into: &fields) { return true }

        while true {
            let terminator: UInt8
            if p[i] == .quote {
                let openLine = line
                i += 1
                let start = i
                var doubled = false
                // Inside quotes only `"` and line ends need a look; all three are < 0x23.
                while true {
                    i = CSVReader.skipBytes(notBelow: 0x23, in: p, from: i, to: end)
                    guard i < end else {
                        throw CSVSyntaxError(line: openLine, field: fields.count + 1, kind: .unterminatedQuote)
                    }
                    let b = p[i]
                    if b == .quote {
                        guard i + 1 < end && p[i + 1] == .quote else { break }
                        doubled = true
                        i += 1
                    } else if b == .lf || (b == .cr && (i + 1 == end || p[i + 1] != .lf)) {
                        line += 1
                    }
                    i += 1
                }
                fields.append(CSVField(start: start, end: i, quoted: true, hasDoubledQuotes: doubled))
                i += 1  // the closing quote
                guard i < end else { return true }
                terminator = p[i]
                guard terminator == .comma || terminator == .lf || terminator == .cr else {
                    i = end
                    throw CSVSyntaxError(line: line, field: fields.count, kind: .textAfterClosingQuote)
                }
            } else {
                // The common case: the next `,`, line end or (an error) quote.
                let start = i
                i = ByteScan.fieldEnd(in: p, from: i, to: end)
                if i < end && p[i] == .quote {
                    let field = fields.count + 1
                    i = end
                    throw CSVSyntaxError(line: line, field: field, kind: .quoteInUnquotedField)
                }
                fields.append(CSVField(start: start, end: i, quoted: false, hasDoubledQuotes: false))
                guard i < end else { return true }
                terminator = p[i]
            }
            i += 1
            if terminator == .comma {
                // A `,` at the very end of the input still opens an (empty) last field.
                if i == end {
                    fields.append(CSVField(start: i, end: i, quoted: false, hasDoubledQuotes: false))
                    return true
                }
                continue
            }
            if terminator == .cr && i < end && p[i] == .lf { i += 1 }
            line += 1
            return true
        }
    }

    /// Reads the record at `i` when it is plain — no `"`, and 64 bytes of the range from wherever
    /// a look starts — from a bit mask of each 64 bytes' structural bytes: one mask per 64 bytes
    /// rather than one vector compare per field, and a field per set bit, taken lowest first by
    /// clearing it (so that finding the next field waits on one bit operation, not on the last
    /// field's end), gathered on the stack and appended to `fields` at once. Any other record (a
    /// quote, the last bytes of the range) is left as it was, for the general reading: false,
    /// `i`, `line` and `fields` unchanged.
    @inline(__always)
    private mutating func plainRecord(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ line: inout Int, into fields: inout [CSVField]) -> Bool {
        // The structural bytes at or after `i`.
        var rest: UInt64
        if UInt(bitPattern: i &- blockStart) < 64 {
            rest = block & (~0 << UInt64(i &- blockStart))
        } else {
            guard i + 64 <= end else { return false }
            blockStart = i
            (block, blockCommas) = ByteScan.fieldEnds(in64: p + i)
            rest = block
        }
        return withUnsafeTemporaryAllocation(of: CSVField.self, capacity: 32) { staged in
            var count = 0
            var fieldStart = i
            while true {
                while rest == 0 {
                    guard blockStart + 128 <= end else {
                        fields.removeAll(keepingCapacity: true)
                        return false
                    }
                    blockStart += 64
                    (block, blockCommas) = ByteScan.fieldEnds(in64: p + blockStart)
                    rest = block
                }
                let bit = rest & (0 &- rest)
                rest &= rest &- 1
                let j = blockStart + bit.trailingZeroBitCount
                if count == staged.count {
                    fields.append(contentsOf: staged)
                    count = 0
                }
                staged.initializeElement(at: count, to: CSVField(start: fieldStart, end: j, quoted: false, hasDoubledQuotes: false))
                count += 1
                if blockCommas & bit != 0 {
                    fieldStart = j + 1
                    continue
                }
                let b = p[j]
                guard b != .quote else {
                    fields.removeAll(keepingCapacity: true)
                    return false
                }
                // LF, CRLF or a lone CR: the record's end.
                fields.append(contentsOf: staged[..<count])
                i = j + 1
                if b == .cr && i < end && p[i] == .lf { i += 1 }
                line += 1
                return true
            }
        }
    }

    /// The first offset in `from..<to` whose byte is below `limit`, or `to`: eight bytes a
    /// step (``SWAR/below(_:_:)``), the tail byte by byte.
    @inline(__always)
    private static func skipBytes(notBelow limit: UInt8, in p: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
        var i = from
        while i + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let below = SWAR.below(word, limit)
            if below != 0 { return i + below.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end && p[i] >= limit { i += 1 }
        return i
    }

    /// Appends the value of `field` to `out`, turning each `""` into `"`.
    static func unescape(_ field: CSVField, in bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard field.end > field.start, let p = bytes.baseAddress else { return }
        guard field.hasDoubledQuotes else {
            out.append(contentsOf: UnsafeBufferPointer(start: p + field.start, count: field.byteCount))
            return
        }
        // Every `"` in a quoted value is the first of a pair: keep it, skip its twin.
        var run = field.start
        var i = field.start
        while i < field.end {
            if p[i] == .quote {
                out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: i + 1 - run))
                i += 2
                run = i
            } else {
                i += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: field.end - run))
    }

    /// The value of `field` as a `String`: for headers and messages, not for every cell.
    static func string(_ field: CSVField, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard field.hasDoubledQuotes else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        }
        var value: [UInt8] = []
        unescape(field, in: bytes, into: &value)
        return String(decoding: value, as: UTF8.self)
    }
}
