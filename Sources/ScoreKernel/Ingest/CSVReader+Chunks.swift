import Dispatch

extension CSVReader {
    /// Splits `bytes[range]` into about `count` consecutive chunks that each start at a record
    /// boundary, with the physical line each starts on, so that threads can tokenize them
    /// separately.
    ///
    /// In well-formed CSV, whether a byte is inside quotes is the parity of the `"` bytes before
    /// it (counted from a record boundary): a quoted field adds an opening and a closing quote,
    /// each `""` adds two. So each of `count` equal parts is scanned in parallel for its quote
    /// parity, its line ends, and its first line end for either parity at its start; a prefix
    /// over the parts then fixes every part's parity, and each tentative cut moves forward to
    /// the first line end outside quotes (a part with none passes the cut on to the next part).
    ///
    /// Tokenizing the chunks in order yields exactly the records (and lines) of tokenizing the
    /// whole range. When the range holds a syntax error the parity is wrong after it, so chunks
    /// after the one holding the first error may start mid-record and read nonsense or report
    /// errors of their own: take the error of the first chunk, in order, that has one (and the
    /// records before it); it is the error the whole range would report.
    ///
    /// - Parameter count: the number of chunks wanted (about one per core, fewer for small
    ///   input: a chunk costs a thread hand-off). At most `range.count` chunks are made; fewer
    ///   when records are long.
    /// - Complexity: O(n) work over `count` threads.
    static func chunks(
        of bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, firstLine: Int, count: Int
    ) -> [(range: Range<Int>, firstLine: Int)] {
        let parts = max(1, min(count, range.count))
        guard parts > 1, let base = bytes.baseAddress else { return [(range, firstLine)] }
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the buffer")

        let length = range.count
        let bounds = (0...parts).map { range.lowerBound + length * $0 / parts }
        let scans = Parallel.map(parts, workers: parts) { k in PartScan(base, bounds[k]..<bounds[k + 1], end: range.upperBound) }

        // Parity and line at the start of each part, then the cuts from the last part back,
        // so that a part without a cut inherits the next part's.
        var cuts = [(position: Int, line: Int)](repeating: (range.upperBound, 0), count: parts)
        var odd = false
        var line = firstLine
        var starts = [(odd: Bool, line: Int)]()
        for scan in scans {
            starts.append((odd, line))
            odd = odd != scan.oddQuotes
            line += scan.lineEnds
        }
        var next = (position: range.upperBound, line: line)
        for k in stride(from: parts - 1, through: 1, by: -1) {
            if let cut = starts[k].odd ? scans[k].firstCutIfOdd : scans[k].firstCutIfEven {
                next = (cut.position, starts[k].line + cut.lineEndsBefore)
            }
            cuts[k] = next
        }

        var chunks: [(range: Range<Int>, firstLine: Int)] = []
        var start = (position: range.lowerBound, line: firstLine)
        for cut in cuts.dropFirst() where cut.position > start.position {
            chunks.append((start.position..<cut.position, start.line))
            start = cut
        }
        if start.position < range.upperBound { chunks.append((start.position..<range.upperBound, start.line)) }
        return chunks
    }
}

/// What ``CSVReader/chunks(of:range:firstLine:count:)`` needs to know about one part.
private struct PartScan {
    /// A place just after a line end.
    struct Cut {
        var position: Int
        /// Line ends from the part's start up to `position`, the cut's own included.
        var lineEndsBefore: Int
    }

    /// The part holds an odd number of `"`.
    var oddQuotes = false
    /// LFs plus lone CRs (a CRLF counts once, at its LF).
    var lineEnds = 0
    /// The first line end outside quotes if the part starts outside quotes…
    var firstCutIfEven: Cut?
    /// …and if it starts inside quotes.
    var firstCutIfOdd: Cut?

    init() {}

    /// Scans `p[part]`; `end` is the end of the whole range (a CR is lone when the byte after
    /// it is not LF or is past `end`).
    /// Whether byte `b`, just consumed, ends a line: LF, or CR not followed (at `next`) by LF.
    @inline(__always)
    static func endsLine(_ b: UInt8, next: Int, _ p: UnsafePointer<UInt8>, _ end: Int) -> Bool {
        b == .lf || (b == .cr && (next == end || p[next] != .lf))
    }

    init(_ p: UnsafePointer<UInt8>, _ part: Range<Int>, end: Int) {
        var i = part.lowerBound
        var odd = false  // an odd number of quotes so far
        var lineEnds = 0
        // Eight bytes a step, while a whole word and the byte after it are in range (a CR is a
        // line end unless the next byte is LF, so each step also loads the word one byte on).
        // Line ends are counted in byte lanes emptied every 255 steps, before they can wrap.
        // While a cut is missing, a word with line ends is looked at closely: the quote parity
        // before each of its bytes is the prefix XOR of its quote lanes (a line end is never a
        // quote, so before and after are the same there), flipped when the count so far is
        // odd; the first line end at even (odd) parity is the cut for a part that starts
        // outside (inside) quotes. One pass, whatever the quotes: a file without any, which
        // has no cut for a start inside quotes, no longer falls back to a byte-by-byte scan.
        let raw = UnsafeRawPointer(p)
        while i + 8 <= part.upperBound && i + 9 <= end {
            var lineEndLanes: UInt64 = 0
            var steps = 0
            while steps < 255 && i + 8 <= part.upperBound && i + 9 <= end {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let next = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 1, as: UInt64.self))
                let quotes = SWAR.equal(word, .quote)
                let ends = SWAR.equal(word, .lf) | (SWAR.equal(word, .cr) & ~SWAR.equal(next, .lf))
                if ends != 0 && (firstCutIfEven == nil || firstCutIfOdd == nil) {
                    var parity = quotes
                    parity ^= parity << 8
                    parity ^= parity << 16
                    parity ^= parity << 32
                    if odd { parity ^= SWAR.highBits }
                    let before = lineEnds + SWAR.sumOfBytes(lineEndLanes)
                    func cut(_ lanes: UInt64) -> Cut {
                        let lane = lanes.trailingZeroBitCount / 8
                        let upTo = lane == 7 ? ~0 : (UInt64(1) << (8 * (lane + 1))) - 1
                        return Cut(position: i + lane + 1, lineEndsBefore: before + SWAR.sumOfBytes((ends & upTo) >> 7))
                    }
                    if firstCutIfEven == nil, ends & ~parity != 0 { firstCutIfEven = cut(ends & ~parity) }
                    if firstCutIfOdd == nil, ends & parity != 0 { firstCutIfOdd = cut(ends & parity) }
                }
                if quotes != 0 && SWAR.sumOfBytes(quotes >> 7) & 1 == 1 { odd.toggle() }
                lineEndLanes &+= ends >> 7
                i += 8
                steps += 1
            }
            lineEnds += SWAR.sumOfBytes(lineEndLanes)
        }
        // The tail, byte by byte. The range's last byte has no successor to look at.
        while i < part.upperBound {
            let b = p[i]
            i += 1
            if b == .quote {
                odd.toggle()
            } else if Self.endsLine(b, next: i, p, end) {
                lineEnds += 1
                let cut = Cut(position: i, lineEndsBefore: lineEnds)
                if !odd {
                    if firstCutIfEven == nil { firstCutIfEven = cut }
                } else {
                    if firstCutIfOdd == nil { firstCutIfOdd = cut }
                }
            }
        }
        self.oddQuotes = odd
        self.lineEnds = lineEnds
    }
}
